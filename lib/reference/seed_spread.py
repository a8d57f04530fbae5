"""How far the accuracies of problems 237 and 238 move with the seed, in NumPy.

The checks of 237 and 238 accept any seed, so their bounds must hold for every
seed a learner may pick, not only for the one the lesson's outputs show. This
trains the book's networks (book.py) as the book's train_neuralnet.py does,
with np.random seeded once before the weights are drawn (the weights and the
batches then come from the one global generator), for a few seeds:

  relu2     784-50-10, Relu      (problem 237, and the 2 layers of 238)
  sigmoid2  784-50-10, Sigmoid   (problem 237)
  relu3     784-50-30-10, Relu   (problem 238)

10,000 updates of SGD, batches of 100, learning rate 0.1, weights with
standard deviation 0.01. It writes lib/reference/seed-spread.json, which
make_answer_key.py reads to make sure the bounds it writes lie inside what
every seed reached. Slow (a few minutes per run): run it again only when the
training setup of the lessons changes.

    /usr/bin/python3 lib/reference/seed_spread.py [--seeds 1,2,3,4,5] [--only relu2,sigmoid2]
"""
import argparse
import json
import os
import time

import numpy as np

from book import MultiLayerNet, Relu, Sigmoid, load_mnist

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "seed-spread.json")

NETWORKS = {
    "relu2": ([784, 50, 10], Relu),
    "sigmoid2": ([784, 50, 10], Sigmoid),
    "relu3": ([784, 50, 30, 10], Relu),
}


def train(sizes, activation, seed, data):
    (x_train, t_train), (x_test, t_test) = data
    np.random.seed(seed)
    network = MultiLayerNet(sizes, activation=activation)
    iters_num, batch_size, learning_rate = 10000, 100, 0.1
    train_size = x_train.shape[0]
    iter_per_epoch = max(train_size / batch_size, 1)
    train_acc = test_acc = None
    for i in range(iters_num):
        batch_mask = np.random.choice(train_size, batch_size)
        grad = network.gradient(x_train[batch_mask], t_train[batch_mask])
        for key in network.params:
            network.params[key] -= learning_rate * grad[key]
        if i % iter_per_epoch == 0:
            train_acc = network.accuracy(x_train, t_train)
            test_acc = network.accuracy(x_test, t_test)
    return float(train_acc), float(test_acc)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1,2,3,4,5")
    parser.add_argument("--only", default=",".join(NETWORKS))
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    names = args.only.split(",")
    results = {}
    if os.path.exists(OUT):
        with open(OUT, encoding="utf-8") as f:
            results = json.load(f)["runs"]
    data = load_mnist()
    for name in names:
        sizes, activation = NETWORKS[name]
        runs = results.setdefault(name, {})
        for seed in seeds:
            start = time.perf_counter()
            train_acc, test_acc = train(sizes, activation, seed, data)
            runs[str(seed)] = {"trainAcc": train_acc, "testAcc": test_acc}
            print("%-8s seed %d: train acc %.4f, test acc %.4f (%.0f s)" % (name, seed, train_acc, test_acc, time.perf_counter() - start),
                  flush=True)
            with open(OUT, "w", encoding="utf-8") as f:
                json.dump({"numpy": np.__version__, "runs": results}, f, indent=1)
                f.write("\n")


if __name__ == "__main__":
    main()

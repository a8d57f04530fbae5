// @ts-check
/**
 * Preloaded into a sandboxed kernel (`node --require`). tslab compiles cells
 * with TypeScript's watch mode, which watches the places where a module was
 * looked for and not found, e.g. `<project>/lib/node_modules`. Under Node's
 * permission model watching a path the kernel may not read throws, and the
 * whole cell fails. Nothing the kernel may not read can ever be loaded by it,
 * so a watcher that never fires is the right answer there.
 * Plain JavaScript: the kernel's Node loads it before any compiler exists.
 */
"use strict";
const fs = require("fs");
const { EventEmitter } = require("events");

/** @param {unknown} error */
function isAccessDenied(error) {
  return error !== null && typeof error === "object" && "code" in error && error.code === "ERR_ACCESS_DENIED";
}

/** What fs.watch / fs.watchFile return, minus the events. */
class InertWatcher extends EventEmitter {
  close() {}
  ref() {
    return this;
  }
  unref() {
    return this;
  }
}

/**
 * `watchFunction`, returning an inert watcher where the permission model refuses the path.
 * @template {(...args: never[]) => unknown} F
 * @param {F} watchFunction
 * @returns {F}
 */
function inertWhereDenied(watchFunction) {
  /** @type {(this: unknown, ...args: Parameters<F>) => unknown} */
  const watchUnlessDenied = function (...args) {
    try {
      return Reflect.apply(watchFunction, this, args);
    } catch (error) {
      if (isAccessDenied(error)) return new InertWatcher();
      throw error;
    }
  };
  return /** @type {F} */ (/** @type {unknown} */ (watchUnlessDenied));
}

fs.watch = inertWhereDenied(fs.watch);
fs.watchFile = inertWhereDenied(fs.watchFile);

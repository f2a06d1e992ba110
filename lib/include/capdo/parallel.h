// The thread pools of capdo: work over indices on a few threads. parallel_for() is used by
// the batch (scoring, the folder walk, the parse-only baseline, the two writers at once) and
// the dossier generator; parallel_ordered() by the workbook's compressed pieces, which must
// be written in order.
#pragma once

#include <cstddef>
#include <functional>

namespace capdo {

/// The number of threads to use: `requested`, or the number of cores when it is 0 or less.
int thread_count(int requested);

/// Calls fn(i) for every i in [0, n) on at most `threads` threads, the caller's among them;
/// indices are taken in increasing order. The first exception stops the threads from taking
/// more and is rethrown once all have stopped. Results must not depend on which thread ran
/// which index.
void parallel_for(std::size_t n, int threads, const std::function<void(std::size_t)>& fn);

/// A pipeline whose results are used in order: calls produce(i) for every i in [0, n) on
/// `threads` threads, and consume(i) on the calling thread in increasing order of i, each as
/// soon as produce(i) has returned. At most `window` indices are produced and not yet
/// consumed, so the caller can keep results in a ring of `window` slots (slot i % window).
/// The first exception, from either side, stops the pipeline and is rethrown once every
/// thread has stopped.
void parallel_ordered(std::size_t n, int threads, std::size_t window, const std::function<void(std::size_t)>& produce,
                      const std::function<void(std::size_t)>& consume);

}  // namespace capdo

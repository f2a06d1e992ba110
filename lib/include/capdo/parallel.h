// The one thread pool of capdo: work over indices on a few threads, the calling thread among
// them. Used by the batch (scoring, the parse-only baseline, the workbook's compressed
// pieces) and the dossier generator.
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

}  // namespace capdo

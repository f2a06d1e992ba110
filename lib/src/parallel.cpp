#include "capdo/parallel.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace capdo {

int thread_count(int requested) {
  return requested > 0 ? requested : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

namespace {

/// Starts up to `count` threads running `fn`: fewer when the system gives no more (the
/// callers then do the work with the threads they have). The list is sized first, so that
/// once a thread runs, adding the next can fail only by not starting.
std::vector<std::thread> start_threads(std::size_t count, const std::function<void()>& fn) {
  std::vector<std::thread> threads;
  threads.reserve(count);
  try {
    while (threads.size() < count) threads.emplace_back(fn);
  } catch (const std::system_error&) {
  }
  return threads;
}

}  // namespace

void parallel_for(std::size_t n, int threads, const std::function<void(std::size_t)>& fn) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mu;
  auto work = [&] {
    for (std::size_t i; (i = next++) < n;) {
      try {
        fn(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mu);
        if (!error) error = std::current_exception();
        next = n;  // the others take no more
      }
    }
  };
  std::size_t want = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, threads)), n);
  std::vector<std::thread> helpers = start_threads(want > 0 ? want - 1 : 0, work);  // and this one
  work();
  for (std::thread& t : helpers) t.join();
  if (error) std::rethrow_exception(error);
}

void parallel_ordered(std::size_t n, int threads, std::size_t window, const std::function<void(std::size_t)>& produce,
                      const std::function<void(std::size_t)>& consume) {
  window = std::max<std::size_t>(window, 1);
  std::mutex mu;
  std::condition_variable cv;
  std::size_t next = 0;      // the next index to produce
  std::size_t consumed = 0;  // the indices below are consumed
  std::vector<char> ready(window, 0);
  std::exception_ptr error;
  bool stop = false;
  auto fail = [&](std::unique_lock<std::mutex>& lock) {  // called in a catch block
    if (!lock.owns_lock()) lock.lock();
    if (!error) error = std::current_exception();
    stop = true;
    cv.notify_all();
  };
  auto work = [&] {
    std::unique_lock<std::mutex> lock(mu);
    for (;;) {
      cv.wait(lock, [&] { return stop || next >= n || next < consumed + window; });
      if (stop || next >= n) return;
      std::size_t i = next++;
      lock.unlock();
      try {
        produce(i);
      } catch (...) {
        fail(lock);
        return;
      }
      lock.lock();
      ready[i % window] = 1;
      cv.notify_all();
    }
  };
  std::vector<std::thread> helpers =
      start_threads(std::min<std::size_t>(static_cast<std::size_t>(std::max(1, threads)), n), work);
  if (helpers.empty()) {  // not even one thread: produce and consume here, in turn
    for (std::size_t i = 0; i < n; ++i) {
      produce(i);
      consume(i);
    }
    return;
  }
  std::unique_lock<std::mutex> lock(mu);
  for (std::size_t i = 0; i < n; ++i) {
    cv.wait(lock, [&] { return stop || ready[i % window]; });
    if (stop) break;
    lock.unlock();
    try {
      consume(i);
    } catch (...) {
      fail(lock);
      break;
    }
    lock.lock();
    ready[i % window] = 0;
    ++consumed;
    cv.notify_all();
  }
  if (!lock.owns_lock()) lock.lock();
  stop = true;
  cv.notify_all();
  lock.unlock();
  for (std::thread& t : helpers) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace capdo

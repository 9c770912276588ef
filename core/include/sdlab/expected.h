// sdlab/expected.h — a small value-or-error type for the core API.
//
// The core never throws across its API: a function that can fail returns Expected<T, E>, holding
// either the value or the error. (std::expected is C++23 and missing from Emscripten's libc++.)
#pragma once

#include <cassert>
#include <utility>
#include <variant>

namespace sdlab {

/// Wraps an error so that Expected<T, E> can be built from it unambiguously.
template <class E>
struct Unexpected {
  explicit Unexpected(E e) : error(std::move(e)) {}
  E error;
};
template <class E>
Unexpected(E) -> Unexpected<E>;

/// Either a T (success) or an E (failure).
template <class T, class E>
class Expected {
 public:
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit on purpose
  template <class G>
  Expected(Unexpected<G> e) : v_(std::in_place_index<1>, E(std::move(e.error))) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { assert(has_value()); return std::get<0>(v_); }
  const T& value() const& { assert(has_value()); return std::get<0>(v_); }
  T&& value() && { assert(has_value()); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const E& error() const& { assert(!has_value()); return std::get<1>(v_); }
  E& error() & { assert(!has_value()); return std::get<1>(v_); }

  T value_or(T fallback) const { return has_value() ? std::get<0>(v_) : std::move(fallback); }

 private:
  std::variant<T, E> v_;
};

}  // namespace sdlab

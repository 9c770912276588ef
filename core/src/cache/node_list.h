// cache/node_list.h — a pool of cache entries and intrusive doubly linked lists over it (internal).
//
// Entries are 16 bytes (id, size, prev, next) in one flat vector, addressed by 32-bit slot indices;
// freed slots are chained through `next` and reused. Several lists may share one pool (ARC's four
// lists, S3-FIFO's three queues). Front = most recently inserted/used; back = next victim.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "cache/object_table.h"

namespace sdlab::cache::detail {

struct Node {
  std::uint32_t id;
  std::uint32_t size;
  std::uint32_t prev;  ///< towards the front (newer)
  std::uint32_t next;  ///< towards the back (older)
};

class NodePool {
 public:
  void Reserve(std::size_t n) { nodes_.reserve(n); }

  std::uint32_t Alloc(std::uint32_t id, std::uint32_t size) {
    std::uint32_t i;
    if (free_head_ != kNoSlot) {
      i = free_head_;
      free_head_ = nodes_[i].next;
    } else {
      i = static_cast<std::uint32_t>(nodes_.size());
      nodes_.push_back(Node{});
    }
    nodes_[i] = Node{id, size, kNoSlot, kNoSlot};
    return i;
  }
  void Free(std::uint32_t i) {
    nodes_[i].next = free_head_;
    free_head_ = i;
  }

  Node& operator[](std::uint32_t i) { return nodes_[i]; }
  const Node& operator[](std::uint32_t i) const { return nodes_[i]; }
  std::size_t SlotCount() const { return nodes_.size(); }
  std::size_t MemoryBytes() const { return nodes_.capacity() * sizeof(Node); }

 private:
  std::vector<Node> nodes_;
  std::uint32_t free_head_ = kNoSlot;
};

/// One intrusive list: its ends, its length and the sum of its entries' sizes.
struct NodeList {
  std::uint32_t front = kNoSlot;
  std::uint32_t back = kNoSlot;
  std::uint64_t bytes = 0;
  std::uint64_t count = 0;

  bool empty() const { return front == kNoSlot; }

  void PushFront(NodePool& pool, std::uint32_t i) {
    Node& n = pool[i];
    n.prev = kNoSlot;
    n.next = front;
    if (front != kNoSlot) pool[front].prev = i;
    front = i;
    if (back == kNoSlot) back = i;
    bytes += n.size;
    ++count;
  }

  void Remove(NodePool& pool, std::uint32_t i) {
    Node& n = pool[i];
    if (n.prev != kNoSlot) pool[n.prev].next = n.next; else front = n.next;
    if (n.next != kNoSlot) pool[n.next].prev = n.prev; else back = n.prev;
    assert(bytes >= n.size && count > 0);
    bytes -= n.size;
    --count;
  }

  void MoveToFront(NodePool& pool, std::uint32_t i) {
    if (front == i) return;
    Node& n = pool[i];
    // Unlink (i is not the front, so n.prev is valid).
    pool[n.prev].next = n.next;
    if (n.next != kNoSlot) pool[n.next].prev = n.prev; else back = n.prev;
    n.prev = kNoSlot;
    n.next = front;
    pool[front].prev = i;
    front = i;
  }
};

}  // namespace sdlab::cache::detail

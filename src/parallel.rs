//! Work over many rows, split over two threads (the machines officers use
//! have two cores or more). Small inputs stay on the calling thread, where
//! starting a thread would cost more than it saves.

/// Work on this many rows or more is split over two threads (starting a
/// thread costs about as much as a few hundred rows' work).
const TWO_THREADS_FROM: usize = 2_048;

/// Runs `work` over `out` (one slot per row, from row 0), on two threads for
/// many rows. Each call gets the index of its first row.
pub fn split_work<T: Send>(out: &mut [T], work: impl Fn(usize, &mut [T]) + Sync) {
    if out.len() < TWO_THREADS_FROM {
        return work(0, out);
    }
    let half = out.len() / 2;
    let (first, second) = out.split_at_mut(half);
    let work = &work;
    std::thread::scope(|scope| {
        scope.spawn(move || work(0, first));
        work(half, second);
    });
}

/// `items` mapped by `f`, in order, on two threads for many items.
pub fn map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    map_when(items, items.len() >= TWO_THREADS_FROM, f)
}

/// `items` mapped by `f`, in order, on two threads when `two_threads` (a
/// few items of much work each: the columns of a large sheet).
pub fn map_when<T: Sync, U: Send>(items: &[T], two_threads: bool, f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    if !two_threads || items.len() < 2 {
        return items.iter().map(f).collect();
    }
    let (first, second) = items.split_at(items.len() / 2);
    let f = &f;
    std::thread::scope(|scope| {
        let first = scope.spawn(move || first.iter().map(f).collect::<Vec<U>>());
        let second: Vec<U> = second.iter().map(f).collect();
        // A panic in the other thread is passed on as it would have been here.
        let mut all = first.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        all.extend(second);
        all
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_large_inputs_give_the_same_as_one_thread() {
        for n in [0, 1, 10, TWO_THREADS_FROM - 1, TWO_THREADS_FROM, 3 * TWO_THREADS_FROM + 1] {
            let items: Vec<usize> = (0..n).collect();
            assert_eq!(map(&items, |i| i * 3), items.iter().map(|i| i * 3).collect::<Vec<_>>(), "{n}");
            let mut out = vec![0; n];
            split_work(&mut out, |start, slots| {
                for (k, slot) in slots.iter_mut().enumerate() {
                    *slot = (start + k) * 3;
                }
            });
            assert_eq!(out, items.iter().map(|i| i * 3).collect::<Vec<_>>(), "{n}");
        }
    }
}

/** What one run holds open on the host, so that the end of the run closes whatever the guest left. */
export class OpenSet {
  #open = new Set<() => void>();

  add(close: () => void): () => void {
    let closed = false;
    const once = () => {
      if (closed) return;
      closed = true;
      this.#open.delete(once);
      close();
    };
    this.#open.add(once);
    return once;
  }

  get size(): number {
    return this.#open.size;
  }

  closeAll(): void {
    for (const close of [...this.#open]) close();
  }
}

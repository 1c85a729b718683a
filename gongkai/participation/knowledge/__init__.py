"""The policy Q&A knowledge base (一号答): uniform answers as items of kind "answer", their links,
promotion from answered inquiries, and the hot-topics counters."""

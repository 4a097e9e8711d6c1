"""Progress of a long management command, for a person at a terminal or for a log."""


def add_progress_argument(parser) -> None:
    parser.add_argument(
        "--progress-every", type=int, default=1000, help="pages between progress lines when not on a terminal"
    )


class Progress:
    """A bar on a terminal; a count every so many pages otherwise (logs, CI)."""

    def __init__(self, stream, total, every):
        self.stream, self.total, self.every = stream, total, max(every, 1)
        self.tty = stream.isatty()

    def tick(self, done):
        if self.tty:
            filled = int(30 * done / max(self.total, 1))
            self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{self.total}", ending="")
            self.stream.flush()
        elif done % self.every == 0 and done < self.total:
            self.stream.write(f"{done}/{self.total} pages")

    def line(self, text):
        if self.tty:
            self.stream.write("\r\033[K", ending="")
        self.stream.write(text)

    def finish(self):
        if self.tty:
            self.stream.write("")

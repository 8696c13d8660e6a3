"""A tiny SMTP server on loopback for tests (aiosmtpd is not a dependency): it speaks just
enough SMTP for smtplib, records each accepted message by its Message-ID, can refuse the first
N messages with a temporary error, and can hang on the Nth message's DATA (never answering)
so that a test can kill the sender while it waits."""

import socketserver
import threading
from email import message_from_bytes


class FakeSMTP:
    def __init__(self, *, refuse_first: int = 0, hang_on: int | None = None):
        self.refuse_first, self.hang_on = refuse_first, hang_on
        self.delivered: list[tuple[str, str]] = []  # (Message-ID, recipient)
        self.refused = 0
        self.attempts = 0  # MAIL commands seen
        self.stuck, self.release = threading.Event(), threading.Event()
        self.lock = threading.Lock()
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def message_ids(self) -> list[str]:
        with self.lock:
            return [mid for mid, _rcpt in self.delivered]

    def _handler(self):
        smtp = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str):
                self.wfile.write(line.encode() + b"\r\n")
                self.wfile.flush()

            def handle(self):
                self.reply("220 fake ESMTP")
                refuse, rcpt = False, ""
                while line := self.rfile.readline():
                    verb = line.decode(errors="replace").strip().split(" ")[0].upper()
                    if verb in ("EHLO", "HELO"):
                        self.reply("250 fake")
                    elif verb == "MAIL":
                        with smtp.lock:
                            smtp.attempts += 1
                            refuse = smtp.attempts <= smtp.refuse_first
                            smtp.refused += refuse
                        self.reply("451 4.3.0 try again later" if refuse else "250 OK")
                    elif verb == "RCPT":
                        rcpt = line.decode().split(":", 1)[1].strip().strip("<>")
                        self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 go ahead")
                        if not self.data(rcpt):
                            return  # hung up without answering
                    elif verb == "QUIT":
                        self.reply("221 bye")
                        return
                    else:  # RSET, NOOP
                        self.reply("250 OK")

            def data(self, rcpt: str) -> bool:
                raw = b""
                while (line := self.rfile.readline()) not in (b".\r\n", b""):
                    raw += line
                with smtp.lock:
                    number = len(smtp.delivered) + 1
                if number == smtp.hang_on and not smtp.stuck.is_set():
                    smtp.stuck.set()
                    smtp.release.wait(60)
                    return False
                message_id = message_from_bytes(raw)["Message-ID"]
                with smtp.lock:
                    smtp.delivered.append((message_id, rcpt))
                self.reply("250 queued")
                return True

        return Handler

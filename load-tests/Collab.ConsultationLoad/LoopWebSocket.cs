using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

/// <summary>
/// One client WebSocket (RFC 6455) on the <see cref="SocketLoop"/>: a non-blocking connect, the HTTP upgrade with the
/// session's cookies, then frames — the client masks what it sends, the server does not. It is read and its frames
/// handed over on the loop's thread; it is written from any thread, one frame at a time. Used once: a connection
/// opened again is a new one.
/// </summary>
sealed class LoopWebSocket(Uri url, CookieContainer cookies, LoopWebSocket.IReceiver receiver) : SocketLoop.IHandler
{
    /// <summary>What the socket hands over, on the loop's thread.</summary>
    public interface IReceiver
    {
        void OnUpgraded(LoopWebSocket socket);

        /// <summary>A text frame's payload (a whole message or a part of one).</summary>
        void OnText(LoopWebSocket socket, ReadOnlySpan<byte> payload);

        /// <summary>The socket ended (the server closed it, it failed, or it never opened); called once.</summary>
        void OnEnded(LoopWebSocket socket, Exception? failure);
    }

    private const byte Text = 0x1, Continuation = 0x0, CloseFrame = 0x8, PingFrame = 0x9, PongFrame = 0xA;
    private static readonly TimeSpan SendLimit = TimeSpan.FromSeconds(30);

    private readonly SocketLoop _loop = SocketLoop.Shared;
    private readonly Lock _writing = new(); // one frame at a time; also guards the descriptor's end
    private int _fd = -1;
    private long _watch;
    private volatile Phase _phase = Phase.Connecting;
    private byte[] _in = new byte[64 * 1024];
    private int _filled;
    private int _closeSent;

    private enum Phase { Connecting, Upgrading, Open, Ended }

    public bool Open => _phase == Phase.Open;

    /// <summary>Starts connecting to <paramref name="endpoint"/>; the receiver hears of the upgrade or of the end.</summary>
    public void Start(IPEndPoint endpoint)
    {
        var watch = _loop.NewWatch();
        var fd = Native.Connect(endpoint);
        lock (_writing)
        {
            (_fd, _watch) = (fd, watch);
        }

        _loop.Add(fd, watch, SocketLoop.Writable | SocketLoop.PeerClosed, this);
    }

    public void SendText(ReadOnlySpan<byte> payload) => SendFrame(Text, payload);

    /// <summary>Sends the close frame (once; 1000, normal closure): the server answers and closes, and the socket ends.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closeSent, 1) == 0)
        {
            try
            {
                SendFrame(CloseFrame, [0x03, 0xE8]);
            }
            catch (WebSocketException)
            {
                // Ended already.
            }
        }
    }

    /// <summary>Ends the socket at once (a failure, a limit reached): released, and the receiver told.</summary>
    public void End(Exception? failure)
    {
        lock (_writing)
        {
            if (_fd < 0)
            {
                return;
            }

            _loop.Remove(_watch);
            Native.Close(_fd);
            _fd = -1;
        }

        _phase = Phase.Ended;
        receiver.OnEnded(this, failure);
    }

    /// <summary>Called by the loop when the socket is ready: connected, readable, or closed.</summary>
    public void OnReady(uint events)
    {
        if (_phase == Phase.Connecting)
        {
            if (Native.PendingError(_fd) is var error and not 0)
            {
                End(Native.Failure("connect", error));
                return;
            }

            _phase = Phase.Upgrading;
            try
            {
                Write(UpgradeRequest());
                _loop.Change(_fd, _watch, SocketLoop.Readable | SocketLoop.PeerClosed);
            }
            catch (Exception e) when (e is WebSocketException or IOException)
            {
                End(e);
            }

            return;
        }

        if (_phase == Phase.Ended)
        {
            return;
        }

        if (_filled == _in.Length)
        {
            Array.Resize(ref _in, _in.Length * 2); // a frame larger than the buffer
        }

        var read = Native.Receive(_fd, _in.AsSpan(_filled));
        if (read == -Native.Again || read == -Native.Interrupted)
        {
            return;
        }

        if (read <= 0)
        {
            End(read == 0 ? null : Native.Failure("recv", -read));
            return;
        }

        _filled += read;
        var used = _phase == Phase.Upgrading ? ReadUpgrade() : 0;
        if (_phase == Phase.Open)
        {
            used = ReadFrames(used);
        }

        if (_phase != Phase.Ended)
        {
            Buffer.BlockCopy(_in, used, _in, 0, _filled - used); // the incomplete rest at the front
            _filled -= used;
        }
    }

    private byte[] UpgradeRequest()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var cookie = cookies.GetCookieHeader(url);
        return Encoding.ASCII.GetBytes(
            $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n" + (cookie.Length > 0 ? $"Cookie: {cookie}\r\n" : "") + "\r\n");
    }

    // The answer to the upgrade: 101, its cookies kept (as a browser would: the entry point's node affinity). The bytes used.
    private int ReadUpgrade()
    {
        var end = _in.AsSpan(0, _filled).IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return 0;
        }

        var lines = Encoding.ASCII.GetString(_in, 0, end).Split("\r\n");
        if (lines[0].Split(' ') is not [_, "101", ..])
        {
            End(new WebSocketException($"The upgrade was answered \"{lines[0]}\"."));
            return 0;
        }

        foreach (var line in lines.Skip(1).Where(l => l.StartsWith("Set-Cookie:", StringComparison.OrdinalIgnoreCase)))
        {
            try
            {
                cookies.SetCookies(url, line["Set-Cookie:".Length..].Trim());
            }
            catch (CookieException)
            {
            }
        }

        _phase = Phase.Open;
        receiver.OnUpgraded(this);
        return end + 4;
    }

    // Every complete frame from `start`: text, close, ping; the bytes used.
    private int ReadFrames(int start)
    {
        while (_phase == Phase.Open && _filled - start >= 2)
        {
            var frame = _in.AsSpan(start, _filled - start);
            var opcode = frame[0] & 0x0F;
            long length = frame[1] & 0x7F;
            var header = 2;
            if (length == 126)
            {
                if (frame.Length < 4)
                {
                    break;
                }

                (length, header) = (BinaryPrimitives.ReadUInt16BigEndian(frame[2..]), 4);
            }
            else if (length == 127)
            {
                if (frame.Length < 10)
                {
                    break;
                }

                (length, header) = ((long)BinaryPrimitives.ReadUInt64BigEndian(frame[2..]), 10);
            }

            if ((frame[1] & 0x80) != 0)
            {
                End(new WebSocketException("The server sent a masked frame.")); // RFC 6455, 5.1: a client closes the connection
                break;
            }

            if (header + length > frame.Length)
            {
                if (header + length > _in.Length)
                {
                    Array.Resize(ref _in, (int)Math.Max(_in.Length * 2L, header + length));
                }

                break;
            }

            var payload = frame.Slice(header, (int)length);
            start += header + (int)length;
            switch (opcode)
            {
                case Text or Continuation:
                    receiver.OnText(this, payload);
                    break;
                case PingFrame:
                    SendQuietly(PongFrame, payload);
                    break;
                case CloseFrame:
                    Close();
                    End(null);
                    break;
                case PongFrame:
                    break;
            }
        }

        return start;
    }

    private void SendQuietly(byte opcode, ReadOnlySpan<byte> payload)
    {
        try
        {
            SendFrame(opcode, payload);
        }
        catch (WebSocketException)
        {
            // Ending: the loop reports it.
        }
    }

    // One masked frame.
    private void SendFrame(byte opcode, ReadOnlySpan<byte> payload)
    {
        var frame = ArrayPool<byte>.Shared.Rent(payload.Length + 14);
        try
        {
            frame[0] = (byte)(0x80 | opcode);
            int header;
            if (payload.Length < 126)
            {
                (frame[1], header) = ((byte)(0x80 | payload.Length), 2);
            }
            else if (payload.Length <= ushort.MaxValue)
            {
                frame[1] = 0x80 | 126;
                BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)payload.Length);
                header = 4;
            }
            else
            {
                frame[1] = 0x80 | 127;
                BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), (ulong)payload.Length);
                header = 10;
            }

            var mask = frame.AsSpan(header, 4);
            Random.Shared.NextBytes(mask);
            header += 4;
            for (var i = 0; i < payload.Length; i++)
            {
                frame[header + i] = (byte)(payload[i] ^ mask[i & 3]);
            }

            Write(frame.AsSpan(0, header + payload.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    // Writes all of `data`, waiting (rarely: the frames are small) while the socket's send buffer is full.
    private void Write(ReadOnlySpan<byte> data)
    {
        lock (_writing)
        {
            var waited = Stopwatch.StartNew();
            while (data.Length > 0)
            {
                if (_fd < 0)
                {
                    throw new WebSocketException("Not connected.");
                }

                var written = Native.Send(_fd, data);
                if (written >= 0)
                {
                    data = data[written..];
                    continue;
                }

                var wait = (int)Math.Max(0, (SendLimit - waited.Elapsed).TotalMilliseconds);
                if (written != -Native.Interrupted && !(written == -Native.Again && Native.WaitWritable(_fd, wait)))
                {
                    throw new WebSocketException(written == -Native.Again
                        ? $"The server took nothing for {SendLimit.TotalSeconds:0} s."
                        : $"The frame could not be sent: {Native.Failure("send", -written).Message}");
                }
            }
        }
    }
}

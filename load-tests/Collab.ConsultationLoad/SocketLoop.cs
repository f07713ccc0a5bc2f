using System.Collections.Concurrent;
using System.Net;
using System.Runtime.InteropServices;

/// <summary>
/// The generator's live sockets, all served by one thread waiting on one epoll set (Linux). .NET's sockets hand every
/// readiness from their own epoll thread to a thread-pool worker, which reads and resumes the awaiting code; at 20,000
/// frames a second that hand-over, the HTTP connection's stream and the managed WebSocket under it were about half of
/// the generator's CPU — on the two cores it shares with the platform it measures. Here a ready socket is read and its
/// frames handled where the wait returned, several sockets per wait under load, and a receipt is timed when it is read.
/// </summary>
sealed class SocketLoop
{
    /// <summary>The loop every live client of the generator uses.</summary>
    public static readonly SocketLoop Shared = new();

    public const uint Readable = 0x001, Writable = 0x004, PeerClosed = 0x2000; // errors and hang-ups are always reported

    private const int MaxEvents = 256;
    private static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16; // packed on x86-64
    private static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    private readonly int _epoll;
    private readonly ConcurrentDictionary<long, IHandler> _handlers = new();
    private long _registrations;

    private SocketLoop()
    {
        _epoll = Native.epoll_create1(Native.CloseOnExec);
        if (_epoll < 0)
        {
            throw Native.Failure("epoll_create1");
        }

        new Thread(Run) { IsBackground = true, Name = "live sockets" }.Start();
    }

    /// <summary>What the loop calls when a socket it watches is ready (on the loop's thread: do not block).</summary>
    public interface IHandler
    {
        void OnReady(uint events);
    }

    /// <summary>A new watch's identity, known to its handler before the loop can call it.</summary>
    public long NewWatch() => Interlocked.Increment(ref _registrations);

    /// <summary>Watches <paramref name="fd"/> for <paramref name="events"/> under <paramref name="id"/> (from <see cref="NewWatch"/>).</summary>
    public void Add(int fd, long id, uint events, IHandler handler)
    {
        _handlers[id] = handler;
        Control(Native.EpollAdd, fd, events, id);
    }

    public void Change(int fd, long id, uint events) => Control(Native.EpollModify, fd, events, id);

    /// <summary>Forgets the watch; closing the descriptor (right after) takes it out of the epoll set.</summary>
    public void Remove(long id) => _handlers.TryRemove(id, out _);

    private void Control(int operation, int fd, uint events, long id)
    {
        var entry = new byte[EventSize];
        BitConverter.TryWriteBytes(entry.AsSpan(0, 4), events);
        BitConverter.TryWriteBytes(entry.AsSpan(DataOffset, 8), id);
        if (Native.epoll_ctl(_epoll, operation, fd, ref entry[0]) < 0)
        {
            throw Native.Failure("epoll_ctl");
        }
    }

    private void Run()
    {
        var events = new byte[MaxEvents * EventSize];
        while (true)
        {
            var ready = Native.epoll_wait(_epoll, ref events[0], MaxEvents, 1000);
            for (var i = 0; i < ready; i++)
            {
                var entry = events.AsSpan(i * EventSize, EventSize);
                if (_handlers.TryGetValue(BitConverter.ToInt64(entry[DataOffset..]), out var handler))
                {
                    try
                    {
                        handler.OnReady(BitConverter.ToUInt32(entry));
                    }
                    catch (Exception e)
                    {
                        Console.Error.WriteLine($"live sockets: {e}"); // a handler's bug must not stop every other client
                    }
                }
            }
        }
    }
}

/// <summary>The few Linux calls the loop and its sockets need: a non-blocking TCP socket, its reads and writes, epoll.</summary>
static partial class Native
{
    public const int CloseOnExec = 0x80000, EpollAdd = 1, EpollModify = 3;
    public const int Again = 11, InProgress = 115, Interrupted = 4;
    private const int Inet = 2, Stream = 1, NonBlocking = 0x800, Tcp = 6, TcpNoDelay = 1, SocketLevel = 1, SocketError = 4;
    private const int NoSignal = 0x4000;
    private const short PollOut = 0x004;

    /// <summary>A non-blocking TCP socket connecting to <paramref name="endpoint"/> (the connection completes when it is writable).</summary>
    public static int Connect(IPEndPoint endpoint)
    {
        var fd = socket(Inet, Stream | NonBlocking | CloseOnExec, 0);
        if (fd < 0)
        {
            throw Failure("socket");
        }

        var one = 1;
        _ = setsockopt(fd, Tcp, TcpNoDelay, ref one, sizeof(int)); // as Kestrel's and .NET's sockets: no Nagle delay on small frames

        var address = new byte[16]; // sockaddr_in: family, port (network order), IPv4 address
        BitConverter.TryWriteBytes(address.AsSpan(0, 2), (ushort)Inet);
        address[2] = (byte)(endpoint.Port >> 8);
        address[3] = (byte)endpoint.Port;
        endpoint.Address.MapToIPv4().TryWriteBytes(address.AsSpan(4, 4), out _);
        if (connect(fd, ref address[0], address.Length) < 0 && Marshal.GetLastPInvokeError() != InProgress)
        {
            var failure = Failure("connect");
            _ = close(fd);
            throw failure;
        }

        return fd;
    }

    /// <summary>The socket's pending error (0 once a connection succeeded).</summary>
    public static int PendingError(int fd)
    {
        int error = 0, size = sizeof(int);
        return getsockopt(fd, SocketLevel, SocketError, ref error, ref size) < 0 ? Marshal.GetLastPInvokeError() : error;
    }

    /// <summary>Bytes read (0: the peer closed), or −errno.</summary>
    public static int Receive(int fd, Span<byte> buffer)
    {
        var read = (int)recv(fd, ref MemoryMarshal.GetReference(buffer), buffer.Length, 0);
        return read < 0 ? -Marshal.GetLastPInvokeError() : read;
    }

    /// <summary>Bytes written, or −errno.</summary>
    public static int Send(int fd, ReadOnlySpan<byte> data)
    {
        var written = (int)send(fd, ref MemoryMarshal.GetReference(data), data.Length, NoSignal);
        return written < 0 ? -Marshal.GetLastPInvokeError() : written;
    }

    public static void Close(int fd) => _ = close(fd);

    /// <summary>Waits until the socket can take more bytes, at most <paramref name="milliseconds"/>; false when it cannot.</summary>
    public static bool WaitWritable(int fd, int milliseconds)
    {
        var entry = new PollEntry { Fd = fd, Events = PollOut };
        return poll(ref entry, 1, milliseconds) > 0 && (entry.Returned & PollOut) != 0;
    }

    /// <summary>A call's failure, with errno's message (the last call's errno unless given).</summary>
    public static IOException Failure(string call, int? error = null) => new($"{call}: {Marshal.GetPInvokeErrorMessage(error ?? Marshal.GetLastPInvokeError())}");

    [LibraryImport("libc", SetLastError = true)]
    private static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int connect(int fd, ref byte address, int length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setsockopt(int fd, int level, int name, ref int value, int length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getsockopt(int fd, int level, int name, ref int value, ref int length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint recv(int fd, ref byte buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint send(int fd, ref byte buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int poll(ref PollEntry entries, nuint count, int timeout);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollEntry
    {
        public int Fd;
        public short Events;
        public short Returned;
    }

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int epoll_ctl(int epoll, int operation, int fd, ref byte entry);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int epoll_wait(int epoll, ref byte events, int max, int timeout);
}

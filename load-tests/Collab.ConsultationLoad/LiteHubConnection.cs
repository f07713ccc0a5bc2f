using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

/// <summary>
/// A hub client for the generator's thousand live clients: one WebSocket speaking SignalR's JSON hub protocol
/// (handshake, invocations and their completions, pings; messages end with 0x1E) and nothing else. The framework's
/// client reads each frame through a pipe into a receive loop, binds its arguments to types and dispatches the
/// handler on another task (≈ 33 µs per delivery); .NET's own WebSocket, under it the HTTP connection's stream and the
/// socket engine's hand-over from its epoll thread to a worker, still cost ≈ 27 µs. Here the WebSocket is a
/// <see cref="LoopWebSocket"/> on the generator's one <see cref="SocketLoop"/>, and each message is scanned where the
/// loop reads it. The server does the same work for any client: this is the generator's own cost, taken from the two
/// cores it shares with the platform it measures.
/// </summary>
sealed class LiteHubConnection(Uri hubUrl, CookieContainer cookies, LiteHubConnection.ItemHandler onItem) : IAsyncDisposable, LoopWebSocket.IReceiver
{
    /// <summary>Called once per item of an <c>items</c> message, on the socket loop: its sequence and text.</summary>
    public delegate void ItemHandler(long sequence, ReadOnlySpan<byte> text);

    private const byte Separator = 0x1E;
    private static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(15); // the server closes a silent connection after 30 s
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(30);
    private static readonly byte[] Ping = [.. "{\"type\":6}"u8, Separator];
    private static readonly byte[] Handshake = [.. "{\"protocol\":\"json\",\"version\":1}"u8, Separator];

    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _pending = new();
    private volatile LoopWebSocket? _socket;
    private byte[] _records = new byte[4 * 1024]; // the part of a hub message that came without its separator yet (loop thread)
    private int _recordsLength;
    private volatile bool _handshaken;
    private TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _reopening;
    private string? _closedBecause; // the server's reason, when it closed the connection
    private Timer? _pinger;
    private long _invocations;
    private volatile bool _disposed;
    private volatile TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Raised when an open connection closes (not on <see cref="DisposeAsync"/>).</summary>
    public event Func<Exception?, Task>? Closed;

    public bool Connected => _socket is { Open: true } && _handshaken;

    /// <summary>Completes when the connection is open: at once while it is, or when a closed one has been opened again.</summary>
    public Task Opened => _opened.Task;

    /// <summary>When the last <see cref="StartAsync"/> had its upgrade answered (before the hub's handshake).</summary>
    public long UpgradedAt { get; private set; }

    /// <summary>Opens the WebSocket (with the session's cookies) and completes the protocol handshake.</summary>
    public async Task StartAsync()
    {
        var endpoint = new IPEndPoint(IPAddress.TryParse(hubUrl.Host, out var address) ? address
            : (await Dns.GetHostAddressesAsync(hubUrl.Host)).First(a => a.AddressFamily == AddressFamily.InterNetwork), hubUrl.Port);
        var socket = new LoopWebSocket(hubUrl, cookies, this);
        (_started, _ended, _handshaken, _closedBecause) = (new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously), false, null);
        _socket = socket;
        socket.Start(endpoint);
        try
        {
            await _started.Task.WaitAsync(StartLimit);
        }
        catch (TimeoutException)
        {
            socket.End(new WebSocketException($"No answer to the connection within {StartLimit.TotalSeconds:0} s."));
            throw;
        }
    }

    /// <summary>Closes the connection without raising <see cref="Closed"/> and opens another, which the entry point places anew.</summary>
    public async Task ReopenAsync()
    {
        _reopening = true;
        _socket?.Close();
        await _ended.Task;
        _reopening = false;
        await StartAsync();
    }

    /// <summary>Invokes a hub method and waits for its completion: its result, or a <see cref="HubError"/> with the server's message.</summary>
    public async Task<JsonElement> InvokeAsync(string target, params object[] arguments)
    {
        if (!Connected)
        {
            // Not before the hub's handshake is answered: the server would read the invocation as the handshake.
            throw new WebSocketException("Not connected.");
        }

        var id = Interlocked.Increment(ref _invocations);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;

        var message = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(message))
        {
            writer.WriteStartObject();
            writer.WriteNumber("type", 1);
            writer.WriteString("invocationId", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString("target", target);
            writer.WriteStartArray("arguments");
            foreach (var argument in arguments)
            {
                JsonSerializer.Serialize(writer, argument);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        message.Write([Separator]);
        try
        {
            Send(_socket, message.WrittenSpan);
        }
        catch (Exception e)
        {
            _pending.TryRemove(id, out _);
            throw new WebSocketException($"The invocation could not be sent: {e.Message}");
        }

        return await completion.Task;
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _pinger?.Dispose();
        _socket?.Close(); // the server answers and closes; the loop then releases the socket
        return ValueTask.CompletedTask;
    }

    public void OnUpgraded(LoopWebSocket socket)
    {
        if (socket == _socket)
        {
            UpgradedAt = Stopwatch.GetTimestamp();
            _recordsLength = 0;
            Send(socket, Handshake);
        }
    }

    // The hub's messages in a text payload, each ending with the separator; a message split over frames waits for its end.
    public void OnText(LoopWebSocket socket, ReadOnlySpan<byte> payload)
    {
        if (socket != _socket)
        {
            return; // a connection ended meanwhile
        }

        ReadOnlySpan<byte> rest;
        if (_recordsLength > 0)
        {
            if (_recordsLength + payload.Length > _records.Length)
            {
                Array.Resize(ref _records, Math.Max(_records.Length * 2, _recordsLength + payload.Length));
            }

            payload.CopyTo(_records.AsSpan(_recordsLength));
            rest = HandleRecords(_records.AsSpan(0, _recordsLength + payload.Length));
        }
        else
        {
            rest = HandleRecords(payload);
        }

        if (rest.Length > _records.Length)
        {
            Array.Resize(ref _records, rest.Length);
        }

        rest.CopyTo(_records);
        _recordsLength = rest.Length;
    }

    // The connection's end: what waited on it fails, and an open connection's end is reported (Closed) unless it was asked for.
    public void OnEnded(LoopWebSocket socket, Exception? failure)
    {
        if (socket != _socket)
        {
            return;
        }

        var wasOpen = _handshaken;
        if (!wasOpen)
        {
            _started.TrySetException(failure ?? new WebSocketException("The hub closed the connection during the handshake."));
        }

        _ = Task.Run(async () =>
        {
            if (wasOpen)
            {
                if (_opened.Task.IsCompleted)
                {
                    _opened = new(TaskCreationOptions.RunContinuationsAsynchronously); // before the invocations fail: their retries wait on it
                }

                _pinger?.Dispose();
            }

            foreach (var id in _pending.Keys)
            {
                if (_pending.TryRemove(id, out var pending))
                {
                    pending.TrySetException(new WebSocketException($"The connection closed before the invocation completed ({_closedBecause ?? failure?.Message ?? "closed by the server"})."));
                }
            }

            _ended.TrySetResult();
            if (wasOpen && !_disposed && !_reopening && Closed is { } closed)
            {
                await closed(failure);
            }
        });
    }

    private ReadOnlySpan<byte> HandleRecords(ReadOnlySpan<byte> data)
    {
        int end;
        while ((end = data.IndexOf(Separator)) >= 0)
        {
            if (_handshaken)
            {
                Handle(data[..end]);
            }
            else
            {
                Handshaken(data[..end]);
            }

            data = data[(end + 1)..];
        }

        return data;
    }

    private void Handshaken(ReadOnlySpan<byte> answer)
    {
        using var handshake = JsonDocument.Parse(answer.ToArray());
        if (handshake.RootElement.TryGetProperty("error", out var error))
        {
            _socket?.End(new WebSocketException($"Handshake refused: {error.GetString()}"));
            return;
        }

        _handshaken = true;
        _opened.TrySetResult();
        _pinger?.Dispose();
        var socket = _socket;
        _pinger = new Timer(_ => Send(socket, Ping, quietly: true), null, PingEvery, PingEvery);
        _started.TrySetResult();
    }

    private static void Send(LoopWebSocket? socket, ReadOnlySpan<byte> message, bool quietly = false)
    {
        try
        {
            (socket ?? throw new WebSocketException("Not connected.")).SendText(message);
        }
        catch (WebSocketException) when (quietly)
        {
            // Closing: the loop reports it.
        }
    }

    private void Handle(ReadOnlySpan<byte> message)
    {
        var reader = new Utf8JsonReader(message);
        reader.Read(); // the message object
        var type = 0;
        long invocation = 0;
        string? error = null;
        JsonElement result = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("invocationId"u8))
            {
                reader.Read();
                invocation = long.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                error = reader.GetString();
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                reader.Read();
                result = JsonElement.ParseValue(ref reader);
            }
            else if (reader.ValueTextEquals("target"u8))
            {
                reader.Read();
                if (!reader.ValueTextEquals("items"u8))
                {
                    return; // events (typing, presence, receipts) and the inbox: not measured
                }
            }
            else if (reader.ValueTextEquals("arguments"u8) && type == 1)
            {
                ReadItems(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (type == 3 && _pending.TryRemove(invocation, out var completion))
        {
            if (error is not null)
            {
                completion.TrySetException(new HubError(error));
            }
            else
            {
                completion.TrySetResult(result);
            }
        }
        else if (type == 7)
        {
            _closedBecause = error;
            _socket?.Close();
        }
    }

    // arguments: [[{ ..., "sequence": n, ..., "text": "…", ... }, …]] — each item's sequence and text.
    private void ReadItems(ref Utf8JsonReader reader)
    {
        reader.Read(); // [
        var depth = reader.CurrentDepth;
        long sequence = 0;
        var text = ReadOnlySpan<byte>.Empty;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("sequence"u8))
            {
                reader.Read();
                sequence = reader.GetInt64();
            }
            else if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                text = reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped ? reader.ValueSpan : Encoding.UTF8.GetBytes(reader.GetString() ?? "");
            }
            else if (reader.TokenType == JsonTokenType.EndObject)
            {
                onItem(sequence, text);
                sequence = 0;
                text = [];
            }
        }
    }
}

/// <summary>A hub method's refusal or failure, with the server's message.</summary>
sealed class HubError(string message) : Exception(message);

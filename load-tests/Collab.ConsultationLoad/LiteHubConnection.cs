using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

/// <summary>
/// A hub client for the generator's thousand live clients: one WebSocket speaking SignalR's JSON hub protocol
/// (handshake, invocations and their completions, pings; frames end with 0x1E) and nothing else. The framework's
/// client reads each frame through a pipe into a receive loop, binds its arguments to types and dispatches the
/// handler on another task; on a 2-core machine shared with the platform that was ≈ 33 µs per delivery, the
/// generator's own cost set into the latencies it measures. Here a frame is scanned where it is read. The server
/// does the same work for either client.
/// </summary>
sealed class LiteHubConnection(Uri hubUrl, CookieContainer cookies, LiteHubConnection.ItemHandler onItem) : IAsyncDisposable
{
    /// <summary>Called once per item of an <c>items</c> message, on the receive loop: its sequence and text.</summary>
    public delegate void ItemHandler(long sequence, ReadOnlySpan<byte> text);

    private const byte Separator = 0x1E;
    private static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(15); // the server closes a silent connection after 30 s
    private static readonly byte[] Ping = [.. "{\"type\":6}"u8, Separator];

    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly SemaphoreSlim _sending = new(1, 1); // a WebSocket takes one send at a time
    private ClientWebSocket? _socket;
    private Task _receiving = Task.CompletedTask;
    private bool _reopening;
    private string? _closedBecause; // the server's reason, when it closed the connection
    private Timer? _pinger;
    private long _invocations;
    private volatile bool _disposed;
    private volatile TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Raised when an open connection closes (not on <see cref="DisposeAsync"/>).</summary>
    public event Func<Exception?, Task>? Closed;

    public bool Connected => _socket?.State == WebSocketState.Open;

    /// <summary>Completes when the connection is open: at once while it is, or when a closed one has been opened again.</summary>
    public Task Opened => _opened.Task;

    /// <summary>When the last <see cref="StartAsync"/> had its upgrade answered (before the hub's handshake).</summary>
    public long UpgradedAt { get; private set; }

    /// <summary>Opens the WebSocket (with the session's cookies) and completes the protocol handshake.</summary>
    public async Task StartAsync()
    {
        var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        var url = new UriBuilder(hubUrl) { Scheme = hubUrl.Scheme == "https" ? "wss" : "ws" }.Uri;
        await socket.ConnectAsync(url, CancellationToken.None);
        UpgradedAt = Stopwatch.GetTimestamp();
        await socket.SendAsync("{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);

        var buffer = new byte[64 * 1024];
        var filled = 0;
        int end;
        while ((end = Array.IndexOf(buffer, Separator, 0, filled)) < 0)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), CancellationToken.None);
            if (read.MessageType == WebSocketMessageType.Close || read.Count == 0)
            {
                throw new WebSocketException("The hub closed the connection during the handshake.");
            }

            filled += read.Count;
        }

        using var handshake = JsonDocument.Parse(buffer.AsMemory(0, end));
        if (handshake.RootElement.TryGetProperty("error", out var error))
        {
            throw new WebSocketException($"Handshake refused: {error.GetString()}");
        }

        _socket = socket;
        _opened.TrySetResult();
        _pinger?.Dispose();
        _pinger = new Timer(_ => _ = PingAsync(), null, PingEvery, PingEvery);
        _receiving = ReceiveAsync(socket, buffer, start: end + 1, filled);
    }

    /// <summary>Closes the connection without raising <see cref="Closed"/> and opens another, which the entry point places anew.</summary>
    public async Task ReopenAsync()
    {
        _reopening = true;
        if (_socket is { State: WebSocketState.Open } socket)
        {
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
            {
            }
        }

        await _receiving;
        _reopening = false;
        await StartAsync();
    }

    /// <summary>Invokes a hub method and waits for its completion: its result, or a <see cref="HubError"/> with the server's message.</summary>
    public async Task<JsonElement> InvokeAsync(string target, params object[] arguments)
    {
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
            await SendAsync(message.WrittenMemory);
        }
        catch (Exception e)
        {
            _pending.TryRemove(id, out _);
            throw new WebSocketException($"The invocation could not be sent: {e.Message}");
        }

        return await completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _pinger?.Dispose();
        if (_socket is { State: WebSocketState.Open } socket)
        {
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
            {
            }
        }

        _socket?.Dispose();
    }

    private async Task SendAsync(ReadOnlyMemory<byte> frame)
    {
        var socket = _socket ?? throw new WebSocketException("Not connected.");
        await _sending.WaitAsync();
        try
        {
            await socket.SendAsync(frame, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task PingAsync()
    {
        try
        {
            await SendAsync(Ping);
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
            // Closing: the receive loop reports it.
        }
    }

    // Reads frames until the socket closes (from start: after the handshake's answer); each complete message is
    // handled where it is read.
    private async Task ReceiveAsync(ClientWebSocket socket, byte[] buffer, int start, int filled)
    {
        Exception? failure = null;
        try
        {
            while (true)
            {
                int end;
                while ((end = Array.IndexOf(buffer, Separator, start, filled - start)) >= 0)
                {
                    Handle(buffer.AsSpan(start, end - start));
                    start = end + 1;
                }

                // Keep the incomplete rest at the front; grow for a message larger than the buffer.
                Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
                filled -= start;
                start = 0;
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), CancellationToken.None);
                if (read.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                filled += read.Count;
            }
        }
        catch (Exception e)
        {
            failure = e;
        }

        if (_opened.Task.IsCompleted)
        {
            _opened = new(TaskCreationOptions.RunContinuationsAsynchronously); // before the invocations fail: their retries wait on it
        }

        _pinger?.Dispose();
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var pending))
            {
                pending.TrySetException(new WebSocketException($"The connection closed before the invocation completed ({_closedBecause ?? failure?.Message ?? "closed by the server"})."));
            }
        }

        socket.Dispose();
        if (!_disposed && !_reopening && Closed is { } closed)
        {
            await closed(failure);
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
            _ = _socket?.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, error, CancellationToken.None);
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

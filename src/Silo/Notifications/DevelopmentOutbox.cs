using System.Collections.Concurrent;
using Collab.Contracts.Notifications;
using Collab.Grains.Notifications;
using Microsoft.Extensions.Logging;

namespace Collab.Silo.Notifications;

/// <summary>
/// The embedded default of the email and SMS ports: messages are kept in memory (the newest 500)
/// for the Development-only page <c>/dev/outbox</c>, so a local user can read their login codes; also handed to the
/// platform's <see cref="IDevelopmentOutboxGrain"/>, so that the page on any web node of a cluster shows what any
/// silo sent. Logs name the recipient, never the body (it may carry a code).
/// </summary>
public sealed partial class DevelopmentOutbox(TimeProvider clock, IGrainFactory grains, ILogger<DevelopmentOutbox> logger) : IEmailSender, ISmsSender
{
    private const int Capacity = 500;
    private readonly ConcurrentQueue<OutboxMessage> _messages = new();

    /// <summary>Newest first.</summary>
    public IReadOnlyList<OutboxMessage> Messages => _messages.Reverse().ToList();

    /// <summary>What every silo of the platform kept, newest first (the page's view, on any web node).</summary>
    public Task<IReadOnlyList<OutboxMessage>> PlatformMessagesAsync() => grains.Grain<IDevelopmentOutboxGrain>(0).List();

    Task IEmailSender.SendAsync(string to, string subject, string body, CancellationToken cancellationToken) =>
        Keep(new OutboxMessage(clock.GetUtcNow(), "email", to, subject, body));

    Task ISmsSender.SendAsync(string to, string body, CancellationToken cancellationToken) =>
        Keep(new OutboxMessage(clock.GetUtcNow(), "sms", to, null, body));

    private async Task Keep(OutboxMessage message)
    {
        _messages.Enqueue(message);
        while (_messages.Count > Capacity && _messages.TryDequeue(out _))
        {
        }

        LogKept(message.Channel, message.To);
        await grains.Grain<IDevelopmentOutboxGrain>(0).Keep(message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Development outbox: {Channel} to {To} (read it at /dev/outbox)")]
    private partial void LogKept(string channel, string to);
}

namespace Collab.Contracts.Notifications;

/// <summary>
/// The development outbox of the whole platform (key 0): what the silos' development senders kept, for
/// <c>/dev/outbox</c> on any web node. In memory only, the newest 500; it exists only where no email or SMS provider is
/// configured, and the page only in Development.
/// </summary>
public interface IDevelopmentOutboxGrain : IGrainWithIntegerKey
{
    /// <summary>Keeps one message.</summary>
    Task Keep(OutboxMessage message);

    /// <summary>The kept messages, newest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> List();
}

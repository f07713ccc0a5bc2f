using Collab.Contracts.Notifications;

namespace Collab.Grains.Notifications;

/// <inheritdoc cref="IDevelopmentOutboxGrain"/>
public sealed class DevelopmentOutboxGrain : Grain, IDevelopmentOutboxGrain
{
    private const int Capacity = 500;
    private readonly LinkedList<OutboxMessage> _messages = new();

    public Task Keep(OutboxMessage message)
    {
        _messages.AddFirst(message);
        while (_messages.Count > Capacity)
        {
            _messages.RemoveLast();
        }

        // Kept while the platform runs (the page is for a developer reading their codes), not only while in use.
        DelayDeactivation(TimeSpan.FromDays(1));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OutboxMessage>> List() => Task.FromResult<IReadOnlyList<OutboxMessage>>(_messages.ToList());
}

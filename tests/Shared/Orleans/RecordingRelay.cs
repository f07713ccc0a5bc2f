using System.Collections.Concurrent;
using Collab.Contracts.Calls;
using Collab.Contracts.Consultations;

namespace Collab.Testing;

/// <summary>A web node's relay as a test sees it: what the grains told it, in order.</summary>
public sealed class RecordingRelay : ILiveRelay
{
    public ConcurrentQueue<InboxEvent> Inbox { get; } = new();

    public ConcurrentQueue<CallRing> Rings { get; } = new();

    public Task OnConsultationEvent(ConsultationEvent change) => Task.CompletedTask;

    public Task OnInboxEvent(InboxEvent change)
    {
        Inbox.Enqueue(change);
        return Task.CompletedTask;
    }

    public Task OnCallRing(CallRing ring)
    {
        Rings.Enqueue(ring);
        return Task.CompletedTask;
    }
}

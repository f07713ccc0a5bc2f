using Collab.Contracts.Calls;

namespace Collab.Grains.Calls;

/// <summary>Persisted state of <see cref="CallGrain"/>: the ended calls (metadata only), newest first. The call in progress lives in memory.</summary>
public sealed class CallState
{
    public List<CallRecord> Ended { get; set; } = [];
}

using Collab.Contracts.Compliance;
using Collab.Grains.Audit;

namespace Collab.Grains.Compliance;

/// <summary>Persisted state of <see cref="BreachRegisterGrain"/>: incidents are few, so they all live here.</summary>
public sealed class BreachRegisterState : IAuditedState
{
    public List<BreachView> Breaches { get; set; } = [];

    public List<AuditEvent> PendingAudit { get; set; } = [];
}

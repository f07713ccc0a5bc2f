using Collab.Contracts.Keys;
using Collab.Contracts.Practitioners;
using Collab.Grains.Audit;

namespace Collab.Grains.Practitioners;

/// <summary>Persisted state of <see cref="PractitionerGrain"/> (System.Text.Json in PostgreSQL).</summary>
public sealed class PractitionerState : IAuditedState
{
    public PractitionerProfile? Profile { get; set; }

    public UserKeyMaterial? Keys { get; set; }

    public List<AuditEvent> PendingAudit { get; set; } = [];
}

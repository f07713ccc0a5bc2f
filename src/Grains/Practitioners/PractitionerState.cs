using Collab.Contracts.Practitioners;

namespace Collab.Grains.Practitioners;

/// <summary>Persisted state of <see cref="PractitionerGrain"/> (System.Text.Json in PostgreSQL).</summary>
public sealed class PractitionerState
{
    public PractitionerProfile? Profile { get; set; }
}

namespace Collab.Contracts.Practitioners;

/// <summary>The identity of a practitioner account (the key of its grain).</summary>
[GenerateSerializer, Immutable]
public readonly record struct PractitionerId([property: Id(0)] Guid Value)
{
    /// <summary>A new random id.</summary>
    public static PractitionerId New() => new(Guid.NewGuid());

    /// <inheritdoc />
    public override string ToString() => Value.ToString("D");
}

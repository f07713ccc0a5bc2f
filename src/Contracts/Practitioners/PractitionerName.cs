namespace Collab.Contracts.Practitioners;

/// <summary>How a practitioner is named where an object the viewer may see refers to them (a consultation's parties, a group's members).</summary>
[GenerateSerializer, Immutable]
public sealed record PractitionerName(
    [property: Id(0)] string FirstName,
    [property: Id(1)] string LastName,
    [property: Id(2)] Profession Profession);

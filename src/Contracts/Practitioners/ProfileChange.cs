namespace Collab.Contracts.Practitioners;

/// <summary>
/// What the holder may change in their own profile: how colleagues reach them. Name, profession and RPPS/ADELI come
/// from registration (or Pro Santé Connect) and stay; the email changes only through a code sent to the new address.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProfileChange(
    [property: Id(0)] string? Phone,
    [property: Id(1)] string? Specialty,
    [property: Id(2)] string? Address,
    [property: Id(3)] IReadOnlyList<string>? Places);

namespace Collab.Contracts.Practitioners;

/// <summary>
/// Someone a key is sealed to, by name (<c>structure:{id}</c> for a structure's recovery key, <c>operator:{id}</c> for an
/// operator's own key) and public key.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SealRecipient(
    [property: Id(0)] string Name,
    [property: Id(1)] byte[] PublicKey)
{
    /// <summary>The name of a structure's recovery key as a recipient.</summary>
    public static string Structure(Guid structure) => $"structure:{structure}";

    /// <summary>The name of an operator's own key as a recipient.</summary>
    public static string Operator(PractitionerId practitioner) => $"operator:{practitioner}";
}

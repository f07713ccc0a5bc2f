namespace Collab.Contracts.Practitioners;

/// <summary>A new authenticator secret, as text and as the URI a QR code carries.</summary>
[GenerateSerializer, Immutable]
public sealed record TotpEnrollment(
    [property: Id(0)] string Secret,
    [property: Id(1)] string OtpAuthUri);

using Collab.Contracts.Practitioners;
using Collab.Web.Practitioners;

namespace Collab.Web.Account;

/// <summary>
/// The registration form. Enumerations arrive as names; an unknown name reaches the grain as an
/// undefined value so that every broken rule is reported together, by the code that owns it.
/// </summary>
public sealed record RegisterRequest(
    string? LastName,
    string? FirstName,
    string? Profession,
    IdentifierDto? Identifier,
    string? Email,
    string? Phone,
    string? Specialty,
    Guid? Structure,
    string? Password,
    bool AcceptTerms)
{
    internal PractitionerRegistration ToRegistration() => new(
        LastName ?? "",
        FirstName ?? "",
        ParseName<Profession>(Profession),
        Identifier is null ? null! : new ProfessionalIdentifier(ParseName<IdentifierKind>(Identifier.Kind), Identifier.Number ?? ""),
        Email ?? "",
        string.IsNullOrWhiteSpace(Phone) ? null : Phone,
        string.IsNullOrWhiteSpace(Specialty) ? null : Specialty,
        Structure);

    internal static T ParseName<T>(string? name)
        where T : struct, Enum =>
        name is not null && !name.Any(char.IsDigit) && Enum.TryParse<T>(name, ignoreCase: true, out var value) ? value : default;
}

/// <summary>The account as created, and the recovery code — shown this once, never stored in clear.</summary>
public sealed record RegisteredResponse(PractitionerResponse Practitioner, string RecoveryCode, IReadOnlyList<WarningResponse> Warnings);

/// <summary>A rule that did not stop the request but deserves a look.</summary>
public sealed record WarningResponse(string Field, string Rule);

public sealed record LoginRequest(string? Email, string? Password);

/// <summary>Whether the login is complete, or which second factors may finish it.</summary>
public sealed record LoginStepResponse(bool LoggedIn, IReadOnlyList<SecondFactor> SecondFactors);

public sealed record SendCodeRequest(SecondFactor Channel);

public sealed record VerifyRequest(SecondFactor Factor, string? Code, bool RememberDevice = false, string? DeviceName = null);

public sealed record CodeRequest(string? Code);

public sealed record AcceptTermsRequest(int Version);

/// <summary>The logged-in account.</summary>
public sealed record MeResponse(PractitionerResponse Practitioner, AccountStatus Status, bool IsOperator, int AcceptedTermsVersion);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record RecoverRequest(string? Email, string? RecoveryCode, string? NewPassword);

/// <summary>A new recovery code replaces the one used: shown this once.</summary>
public sealed record RecoveredResponse(string RecoveryCode);

public sealed record ReauthenticateRequest(string? Password);

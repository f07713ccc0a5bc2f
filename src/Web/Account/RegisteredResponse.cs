using Collab.Web.Practitioners;

namespace Collab.Web.Account;

/// <summary>The account as created, and the recovery code — shown this once, never stored in clear.</summary>
public sealed record RegisteredResponse(PractitionerResponse Practitioner, string RecoveryCode, IReadOnlyList<WarningResponse> Warnings);

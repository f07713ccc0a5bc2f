using Collab.Contracts.Practitioners;
using Collab.Web.Practitioners;

namespace Collab.Web.Account;

/// <summary>The logged-in account.</summary>
public sealed record MeResponse(PractitionerResponse Practitioner, AccountStatus Status, bool IsOperator, int AcceptedTermsVersion);

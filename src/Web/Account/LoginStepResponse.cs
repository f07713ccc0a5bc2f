using Collab.Contracts.Practitioners;

namespace Collab.Web.Account;

/// <summary>Whether the login is complete, or which second factors may finish it.</summary>
public sealed record LoginStepResponse(bool LoggedIn, IReadOnlyList<SecondFactor> SecondFactors);

namespace Collab.Web.Practitioners;

/// <summary>The body of a refusal or a suspension (optional): the reason told to the person by email, never stored.</summary>
public sealed record DecisionRequest(string? Reason);

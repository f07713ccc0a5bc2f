namespace Collab.Web.Account;

/// <summary>An on/off choice of the holder (the directory red list, notices by SMS).</summary>
public sealed record ChoiceRequest(bool Enabled);

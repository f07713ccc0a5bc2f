namespace Collab.Web.Structures;

/// <summary>Whether discussions with the structure's people in them may be kept past 30 days.</summary>
public sealed record DiscussionKeepRequest(bool Allowed);

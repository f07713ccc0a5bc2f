namespace Collab.Grains.Conversations;

/// <summary>Sizes every conversation accepts.</summary>
public static class ConversationLimits
{
    /// <summary>The largest message envelope (a file's body points to its chunks; it is not in the item).</summary>
    public const int MaxItemBytes = 256 * 1024;

    /// <summary>The most items one read returns.</summary>
    public const int MaxReadLimit = 500;
}

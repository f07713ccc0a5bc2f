namespace Collab.Contracts.Calls;

/// <summary>What a call carries.</summary>
public enum CallMedia
{
    /// <summary>Video and sound (the camera can be turned off, the screen shared).</summary>
    Video = 1,

    /// <summary>Sound only.</summary>
    Voice = 2,
}

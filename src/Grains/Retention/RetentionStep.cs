namespace Collab.Grains.Retention;

/// <summary>What a retention tick asks the owning grain to do.</summary>
public enum RetentionStep
{
    Nothing = 0,
    Warn = 1,
    Destroy = 2,
    /// <summary>Destroyed already: finish the row deletion (idempotent) and stop the reminder.</summary>
    Finish = 3,
}

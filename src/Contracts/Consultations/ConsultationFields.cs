namespace Collab.Contracts.Consultations;

/// <summary>
/// Where each encrypted field of a request sits: epoch 1, at a negative sequence, so that no two fields
/// (nor a field and a message) share an encryption position and none can be moved onto another.
/// </summary>
public static class ConsultationFields
{
    /// <summary>The patient identity (and each identity replaced by a rectification).</summary>
    public const int Patient = -1;

    /// <summary>The question.</summary>
    public const int Question = -2;

    /// <summary>The clinical description.</summary>
    public const int Description = -3;

    /// <summary>The opinion.</summary>
    public const int Opinion = -4;

    /// <summary>Why the patient opposes electronic exchange.</summary>
    public const int OppositionReason = -5;

    /// <summary>Why the request was declined or cancelled.</summary>
    public const int Reason = -6;

    /// <summary>The most bytes a short encrypted text (a reason) may take.</summary>
    public const int MaxReasonBytes = 4 * 1024;
}

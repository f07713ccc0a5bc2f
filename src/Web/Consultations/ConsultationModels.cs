using Collab.Contracts.Consultations;
using Collab.Contracts.Practitioners;

namespace Collab.Web.Consultations;

/// <summary>The patient as the request names them. Encrypted as one field.</summary>
public sealed record PatientIdentity(string LastName, string FirstName, DateOnly BirthDate, PatientSex Sex, string? Nir);

/// <summary>The patient's sex as the request records it.</summary>
public enum PatientSex
{
    /// <summary>Female.</summary>
    Female = 1,
    /// <summary>Male.</summary>
    Male = 2,
    /// <summary>Neither or not stated.</summary>
    Other = 3,
}

/// <summary>What the request form collects (before encryption).</summary>
public sealed record RequestInput(
    PractitionerId? RequiredPractitioner,
    Guid? RequiredGroup,
    PatientIdentity Patient,
    string Question,
    string Description,
    bool PatientOpposes,
    string? OppositionReason,
    bool ConsentToShare);

/// <summary>A consultation with its health fields decrypted, for the participant who opened it.</summary>
public sealed record OpenConsultation(ConsultationView View, PatientIdentity Patient, string Question, string Description, string? Opinion)
{
    /// <summary>Identities replaced by rectifications, oldest first.</summary>
    public IReadOnlyList<PatientIdentity> PreviousPatients { get; init; } = [];

    /// <summary>Why the request was declined or cancelled.</summary>
    public string? Reason { get; init; }

    /// <summary>Why the patient opposes electronic exchange.</summary>
    public string? OppositionReason { get; init; }
}

/// <summary>The plaintext of an item: a text message, or a file (whose key travels inside the encrypted item).</summary>
public sealed record ItemBody(string Kind, string? Text = null, Guid? FileId = null, string? Name = null, string? ContentType = null, long Size = 0, byte[]? FileKey = null)
{
    public const string TextKind = "text";
    public const string FileKind = "file";

    public static ItemBody Message(string text) => new(TextKind, Text: text);

    public static ItemBody File(Guid fileId, string name, string contentType, long size, byte[] fileKey) =>
        new(FileKind, FileId: fileId, Name: name, ContentType: contentType, Size: size, FileKey: fileKey);

    public bool IsImage => Kind == FileKind && ContentType is "image/png" or "image/jpeg" or "image/gif" or "image/webp";
}

/// <summary>An item as a reader sees it; <see cref="Body"/> is null once its author deleted it.</summary>
public sealed record OpenItem(long Sequence, PractitionerId? Author, DateTimeOffset PostedAt, ItemBody? Body, DateTimeOffset? DeletedAt);

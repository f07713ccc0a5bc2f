namespace Collab.Web.Consultations;

public sealed record ExportedConsultation(
    Guid Id, string Status, IReadOnlyDictionary<string, DateTimeOffset> Timeline, PatientIdentity Patient,
    string Requester, string? RequiredPractitioner, string? RequiredGroup, string? AcceptedBy,
    string Question, string Description, string? Opinion, string? ActCode, bool PatientOpposes, bool ConsentToShare,
    IReadOnlyList<ExportedItem> Items, IReadOnlyList<PatientIdentity> PreviousPatients);

namespace Collab.Web.Consultations;

/// <summary>The export file: <see cref="Format"/>, when, by whom, and each consultation in full.</summary>
public sealed record PatientExportDocument(string Format, DateTimeOffset ExportedAt, Guid ExportedBy, IReadOnlyList<ExportedConsultation> Consultations);

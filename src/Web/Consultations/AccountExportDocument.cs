using Collab.Contracts.Practitioners;

namespace Collab.Web.Consultations;

/// <summary>A user's own export: <see cref="PatientRights.AccountFormat"/>, when, their account as stored, and each consultation they can read.</summary>
public sealed record AccountExportDocument(
    string Format, DateTimeOffset ExportedAt, PractitionerProfile Profile, IReadOnlyList<string> Groups, IReadOnlyList<RememberedDevice> Devices,
    bool SmsNotifications, IReadOnlyList<ExportedConsultation> Consultations);

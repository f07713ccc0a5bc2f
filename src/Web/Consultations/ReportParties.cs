using Collab.Contracts.Practitioners;
using Collab.Contracts.Structures;

namespace Collab.Web.Consultations;

/// <summary>
/// Who the report names and under whose letterhead: the practitioners' cards (name, profession, specialty, RPPS or
/// ADELI; none for a red-listed practitioner), the required group's name, and the structure that answers.
/// </summary>
public sealed record ReportParties(
    IReadOnlyDictionary<PractitionerId, string> Names,
    IReadOnlyDictionary<PractitionerId, PractitionerCard> Cards,
    string? GroupName,
    StructureInfo? Letterhead,
    string GeneratedFor);

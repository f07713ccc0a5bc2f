using System.Globalization;
using Collab.Contracts.Consultations;
using Collab.Contracts.Practitioners;
using Collab.Web.Conversations;

namespace Collab.Web.Consultations;

/// <summary>
/// The PDF report of a consultation, to file in the patient's record: made on demand, never stored. Under the
/// answering structure's letterhead; practitioners with their RPPS (or ADELI) number; the opinion with its signature
/// block; the exchanges with their images shown; page numbers and who generated it when on every page. The billing
/// status is the platform's business, not the record's: it is not printed.
/// </summary>
public static class ConsultationReport
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>An attachment the report may show, read on demand (null when gone).</summary>
    public delegate Task<byte[]?> FileReader(ItemBody file);

    public static async Task<byte[]> RenderAsync(OpenConsultation consultation, IReadOnlyList<OpenItem> items, ReportParties parties, FileReader readFile, DateTimeOffset now)
    {
        var v = consultation.View;
        string Name(PractitionerId? id) => id is { } p ? parties.Names.GetValueOrDefault(p, "—") : "—";
        string When(DateTimeOffset at) => UiCulture.Local(at).ToString("dd/MM/yyyy 'à' HH:mm", French);
        string Who(PractitionerId? id)
        {
            if (id is not { } p || !parties.Cards.TryGetValue(p, out var card))
            {
                return Name(id);
            }

            var what = string.Join(", ", new[] { ProfessionLabel(card.Profession), card.Specialty }.Where(s => !string.IsNullOrWhiteSpace(s)));
            return $"{Name(p)} — {what} — {card.Identifier.Kind.ToString().ToUpperInvariant()} {card.Identifier.Number}";
        }

        var pdf = new PdfDocumentWriter
        {
            Title = $"Compte rendu de téléexpertise {v.Id}",
            Footer = (page, count) => $"Document généré par Collab pour {parties.GeneratedFor} le {When(now)} — page {page}/{count}",
        };

        // Letterhead: the structure that answers, or the platform for a practitioner without one.
        if (parties.Letterhead is { } structure)
        {
            pdf.Paragraph(structure.Name, 15, bold: true);
            pdf.Paragraph($"{structure.City} — FINESS {structure.Finess}", 9);
        }
        else
        {
            pdf.Paragraph("Collab — téléexpertise entre professionnels de santé", 15, bold: true);
        }

        pdf.Rule();
        pdf.Heading("Compte rendu de téléexpertise", 17);
        pdf.Paragraph($"Référence {v.Id}", 8.5);

        pdf.Heading("Patient");
        var patient = consultation.Patient;
        pdf.Field("Nom", $"{patient.LastName.ToUpper(French)} {patient.FirstName}");
        pdf.Field("Né(e) le", patient.BirthDate.ToString("dd/MM/yyyy", French));
        pdf.Field("Sexe", patient.Sex switch { PatientSex.Female => "féminin", PatientSex.Male => "masculin", _ => "autre / non précisé" });
        pdf.Field("NIR", patient.Nir ?? "non renseigné");

        pdf.Heading("Participants");
        pdf.Field("Requérant", Who(v.Requester));
        pdf.Field("Requis", v.RequiredGroup is not null ? $"{parties.GroupName ?? "groupe"} (groupe)" : Who(v.RequiredPractitioner));
        if (v.AcceptedBy is { } accepter && v.RequiredGroup is not null)
        {
            pdf.Field("Pris en charge par", Who(accepter));
        }

        pdf.Heading("Question");
        pdf.Paragraph(consultation.Question);
        pdf.Heading("Contexte clinique");
        pdf.Paragraph(consultation.Description);

        pdf.Heading("Avis");
        pdf.Paragraph(consultation.Opinion ?? "Pas encore d'avis.");
        if (consultation.Opinion is not null)
        {
            var expert = v.AcceptedBy ?? v.RequiredPractitioner;
            pdf.Space(6);
            pdf.Paragraph($"Avis rendu par {Who(expert)}", 10, bold: true);
            if (v.Timeline.TryGetValue(ConsultationStatus.Answered, out var answeredAt))
            {
                pdf.Paragraph($"le {When(answeredAt)}{(v.ActCode is { } act ? $" — acte {act}" : "")}", 10);
            }
        }

        pdf.Heading("Chronologie");
        foreach (var (status, at) in v.Timeline.OrderBy(t => t.Value))
        {
            pdf.Paragraph($"{When(at)} — {StatusLabel(status)}");
        }

        if (consultation.Reason is { } reason)
        {
            pdf.Field("Motif", reason);
        }

        if (items.Any(i => i.Body is not null))
        {
            pdf.Heading("Échanges");
            await ConversationPdf.MessagesAsync(pdf, items, Name, When, readFile, "consultation");
        }

        return pdf.ToArray();
    }

    public static string StatusLabel(ConsultationStatus status) => status switch
    {
        ConsultationStatus.Draft => "brouillon",
        ConsultationStatus.Requested => "demandée",
        ConsultationStatus.Accepted => "acceptée",
        ConsultationStatus.Answered => "avis rendu",
        ConsultationStatus.Closed => "clôturée",
        ConsultationStatus.Declined => "refusée",
        _ => "annulée",
    };

    private static string ProfessionLabel(Profession profession) => profession switch
    {
        Profession.Physician => "médecin",
        Profession.Nurse => "infirmier·ère",
        Profession.Midwife => "sage-femme",
        Profession.Pharmacist => "pharmacien·ne",
        Profession.Dentist => "chirurgien·ne-dentiste",
        Profession.Physiotherapist => "masseur-kinésithérapeute",
        Profession.MedicalAssistant => "secrétaire médical·e",
        _ => "personnel administratif",
    };
}

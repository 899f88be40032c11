using BuildingBlocks.Validation;
using Contracts.Directory;
using System.Text.RegularExpressions;
using DirectoryService.Domain;
using FluentValidation;

namespace DirectoryService.Features.Services;

/// <summary>
/// The one validator for a listing's details, shared by create, edit and import-like writes. Checks shape only;
/// whether taxonomy codes and locations exist is checked against the database by <see cref="ListingReferences"/> (422).
/// Included by each command's validator, so errors name the request's own fields ("eligibility.minimumAge").
/// </summary>
public sealed class ListingDetailsValidator<T> : AbstractValidator<T> where T : IListingDetails
{
    public ListingDetailsValidator()
    {
        RuleFor(d => d.Name).NotEmpty().MaximumLength(ListingLimits.NameLength).MustBePlainText();
        RuleFor(d => d.Summary).MaximumLength(ListingLimits.SummaryLength).MustBePlainText();
        RuleFor(d => d.Description).MaximumLength(ListingLimits.DescriptionLength).MustBePlainText();
        RuleFor(d => d.Url).Must(Rules.BeHttpUrl).WithMessage("'Url' must be an http(s) URL.").MaximumLength(ListingLimits.UrlLength).MustBePlainText()
            .When(d => d.Url is not null);
        RuleFor(d => d.AttendingType).IsInEnum();
        RuleFor(d => d.GettingThere).MaximumLength(ServiceDetails.MaxGettingThereLength).MustBePlainText();
        RuleFor(d => d.FirstVisit).MaximumLength(ServiceDetails.MaxFirstVisitLength).MustBePlainText();
        RuleFor(d => d.WelcomedBy).MaximumLength(ServiceDetails.MaxWelcomedByLength).MustBePlainText();

        RuleFor(d => d.Eligibility.MinimumAge).InclusiveBetween(0, ListingLimits.MaxAge).When(d => d.Eligibility?.MinimumAge is not null);
        RuleFor(d => d.Eligibility.MaximumAge).InclusiveBetween(0, ListingLimits.MaxAge).When(d => d.Eligibility?.MaximumAge is not null);
        RuleFor(d => d.Eligibility.MaximumAge).GreaterThanOrEqualTo(d => d.Eligibility.MinimumAge)
            .WithMessage("'Maximum Age' must not be below 'Minimum Age'.")
            .When(d => d.Eligibility is { MinimumAge: not null, MaximumAge: not null });
        RuleFor(d => d.Eligibility.Description).MaximumLength(ListingLimits.WhoForLength).MustBePlainText().When(d => d.Eligibility is not null);

        RuleFor(d => d.Cost.Amount).InclusiveBetween(0m, ListingLimits.MaxCost).When(d => d.Cost?.Amount is not null);
        // Pounds and pence: 5.999 was stored as it came and shown as £6.00; refused rather than silently rounded.
        RuleFor(d => d.Cost.Amount).Must(a => ListingLimits.IsPoundsAndPence(a!.Value))
            .WithMessage($"'{{PropertyName}}' must have at most {ListingLimits.CostDecimals} decimal places (pounds and pence).")
            .When(d => d.Cost?.Amount is not null);
        RuleFor(d => d.Cost.Amount).Null().WithMessage("A free activity has no amount.").When(d => d.Cost is { IsFree: true });
        RuleFor(d => d.Cost.Currency).Matches("^[A-Z]{3}$").WithMessage("'Currency' must be a three-letter ISO code such as GBP.")
            .When(d => d.Cost?.Currency is not null);
        RuleFor(d => d.Cost.Description).MaximumLength(ListingLimits.CostDescriptionLength).MustBePlainText().When(d => d.Cost is not null);
        RuleFor(d => d.Cost.Description).NotEmpty().WithMessage("Give an amount or describe the cost of an activity that is not free.")
            .When(d => d.Cost is { IsFree: false, Amount: null });

        RuleFor(d => d.Contact.Name).MaximumLength(200).MustBePlainText().When(d => d.Contact is not null);
        RuleFor(d => d.Contact.Email).EmailAddress().MaximumLength(ListingLimits.EmailLength).MustBePlainText().When(d => d.Contact?.Email is not null);
        RuleFor(d => d.Contact.Phone).Must(Rules.BeUkPhone).WithMessage("'Phone' must be a UK phone number.")
            .When(d => d.Contact?.Phone is not null);
        // Further numbers keep what their publisher wrote ("Bristol Youth MAPS: 0117 332 7111"), so only their shape is checked.
        RuleFor(d => d.Contact.MorePhones).Must(p => p!.Count <= PhoneNumber.MaxMorePhones)
            .WithMessage($"At most {PhoneNumber.MaxMorePhones} further phone numbers.").When(d => d.Contact?.MorePhones is not null);
        RuleForEach(d => d.Contact.MorePhones).NotNull().WithMessage("A phone number cannot be null.").SetValidator(new PhoneNumberValidator())
            .When(d => d.Contact?.MorePhones is not null);

        RuleFor(d => d.Languages).Must(l => l.Count <= 20).WithMessage("At most 20 languages.").When(d => d.Languages is not null);
        RuleForEach(d => d.Languages).NotEmpty().MaximumLength(ListingLimits.LanguageLength).MustBePlainText();
        RuleFor(d => d.TaxonomyTerms).Must(t => t.Count <= 30).WithMessage("At most 30 taxonomy terms.").When(d => d.TaxonomyTerms is not null);
        RuleForEach(d => d.TaxonomyTerms).NotEmpty().MaximumLength(100).MustBePlainText();
        RuleFor(d => d.LocationIds).Must(l => l.Count <= 50).WithMessage("At most 50 locations.").When(d => d.LocationIds is not null);
        RuleForEach(d => d.LocationIds).NotEmpty();
        RuleFor(d => d.Schedules).Must(s => s.Count <= 50).WithMessage("At most 50 schedules.").When(d => d.Schedules is not null);
        // A null in the list is a field error here; the rest of the code never sees one.
        RuleForEach(d => d.Schedules).NotNull().WithMessage("A schedule cannot be null.").SetValidator(new ScheduleValidator());

        RuleFor(d => d.Translations).Must(t => t!.Count <= ListingTranslation.MaxTranslations)
            .WithMessage($"At most {ListingTranslation.MaxTranslations} translations.").When(d => d.Translations is not null);
        RuleFor(d => d.Translations).Must(t => t!.Where(x => x?.Language is not null)
                .GroupBy(x => x.Language.Trim(), StringComparer.OrdinalIgnoreCase).All(g => g.Count() == 1))
            .WithMessage("One translation per language: put everything in that language in one.").When(d => d.Translations is not null);
        RuleForEach(d => d.Translations).NotNull().WithMessage("A translation cannot be null.").SetValidator(new TranslationValidator());
    }
}

/// <summary>A translation: a well-formed BCP 47 tag other than English, at least one field, each as long as its English one.</summary>
public sealed class TranslationValidator : AbstractValidator<ListingTranslation>
{
    public TranslationValidator()
    {
        RuleFor(t => t.Language).Cascade(CascadeMode.Stop).NotEmpty().Must(LanguageTag.IsWellFormed)
            .WithMessage("'Language' must be a language tag such as pl, bn, ar or pt-BR (BCP 47).")
            .Must(l => !LanguageTag.IsEnglish(l)).WithMessage("The listing's own text is the English: a translation is into another language.");
        RuleFor(t => t.Name).MaximumLength(200).MustBePlainText();
        RuleFor(t => t.Summary).MaximumLength(300).MustBePlainText();
        RuleFor(t => t.Description).MaximumLength(4000).MustBePlainText();
        RuleFor(t => t.GettingThere).MaximumLength(ServiceDetails.MaxGettingThereLength).MustBePlainText();
        RuleFor(t => t.FirstVisit).MaximumLength(ServiceDetails.MaxFirstVisitLength).MustBePlainText();
        RuleFor(t => t).Must(t => !t.Tidied().IsEmpty).OverridePropertyName("Name")
            .WithMessage("A translation needs at least one of: name, summary, description, how to get there, first visit.")
            .When(t => t.Language is not null);
    }
}

public sealed class PhoneNumberValidator : AbstractValidator<PhoneNumber>
{
    public PhoneNumberValidator()
    {
        RuleFor(p => p.Number).NotEmpty().MaximumLength(PhoneNumber.MaxNumberLength).MustBePlainText()
            .Must(n => n is null || n.Any(char.IsDigit)).WithMessage("'Number' must have digits in it.");
        RuleFor(p => p.Extension).MaximumLength(20).MustBePlainText();
        RuleFor(p => p.Type).MaximumLength(20).MustBePlainText();
        RuleFor(p => p.Description).MaximumLength(500).MustBePlainText();
        RuleFor(p => p.Languages).Must(l => l!.Count <= 10).WithMessage("At most 10 languages.").When(p => p.Languages is not null);
        RuleForEach(p => p.Languages).NotEmpty().MaximumLength(50).MustBePlainText();
    }
}

public sealed class ScheduleValidator : AbstractValidator<Schedule>
{
    public ScheduleValidator()
    {
        RuleFor(s => s.Frequency).IsInEnum();
        RuleFor(s => s.ClosesAt).GreaterThan(s => s.OpensAt).WithMessage("'Closes At' must be after 'Opens At'.")
            .When(s => s is { OpensAt: not null, ClosesAt: not null });
        RuleFor(s => s.ValidTo).GreaterThanOrEqualTo(s => s.ValidFrom).WithMessage("'Valid To' must not be before 'Valid From'.")
            .When(s => s is { ValidFrom: not null, ValidTo: not null });
        RuleFor(s => s.ByDay).NotEmpty().WithMessage("A weekly schedule needs at least one day.")
            .When(s => s.Frequency == Frequency.Weekly);
        RuleForEach(s => s.ByDay).IsInEnum();
        RuleFor(s => s.ByMonthDay).InclusiveBetween(1, 31).When(s => s.ByMonthDay is not null);
        RuleFor(s => s.BySetPosition).Must(p => p is >= -5 and <= 5 and not 0)
            .WithMessage("'By Set Position' must be 1 to 5 (nth weekday) or -1 to -5 (counting from the month's end).")
            .When(s => s.BySetPosition is not null);
        RuleFor(s => s.ByMonthDay).NotNull()
            .WithMessage("A monthly schedule needs a day of the month, or a set position with a day (e.g. the 2nd Tuesday).")
            .When(s => s.Frequency == Frequency.Monthly && !(s.BySetPosition is not null && s.ByDay is { Count: > 0 }));
        RuleFor(s => s.Date).NotNull().WithMessage("A one-off event needs a date.").When(s => s.Frequency == Frequency.Once);
        RuleFor(s => s.Description).MaximumLength(500).MustBePlainText();

        RuleFor(s => s.Interval).InclusiveBetween(1, Schedule.MaxInterval)
            .WithMessage($"'Interval' must be 1 (every week or month) to {Schedule.MaxInterval}.");
        RuleFor(s => s.Interval).Equal(1).WithMessage("A one-off session does not repeat: leave 'Interval' at 1.")
            .When(s => s.Frequency == Frequency.Once);
        RuleFor(s => s.FirstSession).NotNull()
            .WithMessage("Times that repeat every 2 or more weeks or months need the date of the first session, to count from.")
            .When(s => s.Interval > 1 && s.Frequency != Frequency.Once);
        RuleFor(s => s.FirstSession).Must((s, _) => s.FirstSessionFits())
            .WithMessage("'First Session' must be a day the activity runs on, within its valid dates.")
            .When(s => s.FirstSession is not null && s.Frequency != Frequency.Once);
        RuleFor(s => s.Date).Must(BeAPlausibleDate).WithMessage(DateRangeMessage).When(s => s.Date is not null);
        RuleFor(s => s.ValidFrom).Must(BeAPlausibleDate).WithMessage(DateRangeMessage).When(s => s.ValidFrom is not null);
        RuleFor(s => s.ValidTo).Must(BeAPlausibleDate).WithMessage(DateRangeMessage).When(s => s.ValidTo is not null);
        RuleFor(s => s.FirstSession).Must(BeAPlausibleDate).WithMessage(DateRangeMessage).When(s => s.FirstSession is not null);
    }

    private static readonly string DateRangeMessage =
        $"'{{PropertyName}}' must be between {Schedule.EarliestDate:yyyy-MM-dd} and {Schedule.LatestDate:yyyy-MM-dd}.";

    private static bool BeAPlausibleDate(DateOnly? date) => date >= Schedule.EarliestDate && date <= Schedule.LatestDate;
}

/// <summary>Field rules shared by every validator in the service.</summary>
public static partial class Rules
{
    public static bool BeHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>A UK number: 0 or +44 then 9-10 digits (spaces, dashes, brackets allowed), e.g. "023 9649 6101".</summary>
    public static bool BeUkPhone(string? phone)
    {
        if (phone is null || phone.Length > 40) return false;
        var compact = Separators().Replace(phone, "");
        return UkPhone().IsMatch(compact);
    }

    [GeneratedRegex(@"[\s\-()]")]
    private static partial Regex Separators();

    [GeneratedRegex(@"^(?:\+44|0)[1-9]\d{8,9}$")]
    private static partial Regex UkPhone();
}

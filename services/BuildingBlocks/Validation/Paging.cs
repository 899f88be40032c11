using System.Globalization;
using FluentValidation;

namespace BuildingBlocks.Validation;

/// <summary>
/// The one rule for page numbers and sizes in every paged endpoint: a page out of range is a 400 naming the field,
/// never a silent page 1 or an overflowing offset. A page past the end of the list (but in range) is an empty page
/// that says its number.
/// </summary>
public static class Paging
{
    /// <summary>Far past any real list, and small enough that (page - 1) x page size never overflows.</summary>
    public const int MaxPage = 10_000;

    public static IRuleBuilderOptions<T, int> MustBeAPage<T>(this IRuleBuilder<T, int> rule, int maxPage = MaxPage) =>
        rule.InclusiveBetween(1, maxPage).WithMessage(PageMessage("{PropertyName}", maxPage));

    public static IRuleBuilderOptions<T, int?> MustBeAPage<T>(this IRuleBuilder<T, int?> rule, int maxPage = MaxPage) =>
        rule.InclusiveBetween(1, maxPage).WithMessage(PageMessage("{PropertyName}", maxPage));

    /// <summary>For a page bound as text (as the Open Referral API binds its parameters); null passes.</summary>
    public static IRuleBuilderOptions<T, string?> MustBeAPage<T>(this IRuleBuilder<T, string?> rule, string parameter, int maxPage = MaxPage) =>
        rule.Must(text => text is null || (TryParse(text, out var page) && page >= 1 && page <= maxPage))
            .WithMessage(PageMessage(parameter, maxPage)).OverridePropertyName(parameter);

    public static IRuleBuilderOptions<T, int> MustBeAPageSize<T>(this IRuleBuilder<T, int> rule, int maxPageSize) =>
        rule.InclusiveBetween(1, maxPageSize).WithMessage($"'{{PropertyName}}' must be a whole number from 1 to {maxPageSize}.");

    public static IRuleBuilderOptions<T, int?> MustBeAPageSize<T>(this IRuleBuilder<T, int?> rule, int maxPageSize) =>
        rule.InclusiveBetween(1, maxPageSize).WithMessage($"'{{PropertyName}}' must be a whole number from 1 to {maxPageSize}.");

    /// <summary>How many rows come before the page; a page out of range skips everything rather than overflowing.</summary>
    public static int Skip(int page, int pageSize) => (int)Math.Clamp(((long)page - 1) * pageSize, 0, int.MaxValue);

    private static bool TryParse(string text, out int page) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out page);

    private static string PageMessage(string name, int maxPage) => $"'{name}' must be a whole number from 1 to {maxPage}.";
}

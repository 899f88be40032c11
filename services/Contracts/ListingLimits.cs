namespace Contracts.Directory;

/// <summary>
/// What a listing's fields may hold: the Directory's listing validator refuses more, and the portal's listing forms
/// check the same numbers first, so a provider hears of them in the portal's words beside the field.
/// </summary>
public static class ListingLimits
{
    public const int NameLength = 200;
    public const int SummaryLength = 300;
    public const int DescriptionLength = 4000;
    public const int UrlLength = 500;
    public const int GettingThereLength = 1000;
    public const int FirstVisitLength = 1000;
    public const int WelcomedByLength = 200;
    public const int WhoForLength = 1000;
    public const int CostDescriptionLength = 500;
    public const int EmailLength = 254;
    public const int LanguageLength = 50;
    public const int MaxAge = 120;
    /// <summary>The dearest cost a listing may give, in pounds.</summary>
    public const decimal MaxCost = 100_000m;
    /// <summary>Money is pounds and pence: an amount with more decimal places (5.999) is refused, not rounded.</summary>
    public const int CostDecimals = 2;
    public const int MaxSpaces = 10_000;
    public const int MaxResponseDays = 365;

    public static bool IsPoundsAndPence(decimal amount) => decimal.Round(amount, CostDecimals) == amount;
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FeedbackService.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InsightSupplyFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "accessible",
                table: "insight_activities",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "evening",
                table: "insight_activities",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "free",
                table: "insight_activities",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_verified_at",
                table: "insight_activities",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "provider",
                table: "insight_activities",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "spaces",
                table: "insight_activities",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "weekend",
                table: "insight_activities",
                type: "boolean",
                nullable: true);

            // The listings insight already holds have no supply facts yet: the backfill runs once more to fetch them
            // (answering twice is harmless: the same rows, newest or earliest winning).
            migrationBuilder.Sql("DELETE FROM insight_backfill_batches; DELETE FROM insight_backfill_runs;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "accessible",
                table: "insight_activities");

            migrationBuilder.DropColumn(
                name: "evening",
                table: "insight_activities");

            migrationBuilder.DropColumn(
                name: "free",
                table: "insight_activities");

            migrationBuilder.DropColumn(
                name: "last_verified_at",
                table: "insight_activities");

            migrationBuilder.DropColumn(
                name: "provider",
                table: "insight_activities");

            migrationBuilder.DropColumn(
                name: "spaces",
                table: "insight_activities");

            migrationBuilder.DropColumn(
                name: "weekend",
                table: "insight_activities");
        }
    }
}

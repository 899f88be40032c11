using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DirectoryService.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OpenReferralImport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "oruk_imported_records",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    publisher = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    external_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    local_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    content_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    imported_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_oruk_imported_records", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_oruk_imported_records_local_id",
                table: "oruk_imported_records",
                column: "local_id");

            migrationBuilder.CreateIndex(
                name: "ix_oruk_imported_records_publisher_kind_external_id",
                table: "oruk_imported_records",
                columns: new[] { "publisher", "kind", "external_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "oruk_imported_records");
        }
    }
}

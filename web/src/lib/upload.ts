/** openapi-fetch options for a multipart upload of one file in the field `file`. */
export function fileUpload(file: File) {
  return {
    body: { file: "" },
    bodySerializer: () => {
      const form = new FormData();
      form.append("file", file);
      return form;
    },
  };
}

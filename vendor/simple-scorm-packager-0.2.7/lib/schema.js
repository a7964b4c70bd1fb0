module.exports = {
  config: require("./schemas/config"),
  metadata: require("./schemas/metadata.js"),
  scorm12: require("./schemas/scorm12.js"),
  scorm2004: require("./schemas/scorm2004.js")
};
